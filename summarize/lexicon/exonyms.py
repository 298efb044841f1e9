"""Names in the reader's language: exonyms for the gazetteer's places and organisations.

One line per canonical Italian name (as ``lexicon.gazetteer`` spells it), then its name in
English, German, French and Spanish. ``=`` means the name is written as in Italian;
an empty cell means we do not know it, and the translation model names it instead.
Spellings follow each language's main news agencies (AP, dpa, AFP, EFE) in 2024:
Kyiv in English, Kiew in German, Kiev in French and Spanish.
"""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "es")

# Italian | en | de | fr | es
EXONYM_TABLE = """
Afghanistan|=|=|=|Afganistán
Albania|=|Albanien|Albanie|=
Algeria|=|Algerien|Algérie|Argelia
Arabia Saudita|Saudi Arabia|Saudi-Arabien|Arabie saoudite|Arabia Saudí
Argentina|=|Argentinien|Argentine|=
Armenia|=|Armenien|Arménie|=
Australia|=|Australien|Australie|=
Austria|=|Österreich|Autriche|=
Azerbaigian|Azerbaijan|Aserbaidschan|Azerbaïdjan|Azerbaiyán
Belgio|Belgium|Belgien|Belgique|Bélgica
Bielorussia|Belarus|Belarus|Biélorussie|Bielorrusia
Bosnia|=|Bosnien|Bosnie|=
Brasile|Brazil|Brasilien|Brésil|Brasil
Bulgaria|=|Bulgarien|Bulgarie|=
Canada|=|Kanada|=|Canadá
Cile|Chile|Chile|Chili|Chile
Cina|China|China|Chine|China
Colombia|=|Kolumbien|Colombie|=
Corea del Nord|North Korea|Nordkorea|Corée du Nord|Corea del Norte
Corea del Sud|South Korea|Südkorea|Corée du Sud|Corea del Sur
Croazia|Croatia|Kroatien|Croatie|Croacia
Cuba|=|Kuba|=|=
Danimarca|Denmark|Dänemark|Danemark|Dinamarca
Egitto|Egypt|Ägypten|Égypte|Egipto
Emirati Arabi Uniti|United Arab Emirates|Vereinigte Arabische Emirate|Émirats arabes unis|Emiratos Árabes Unidos
Estonia|=|Estland|Estonie|=
Etiopia|Ethiopia|Äthiopien|Éthiopie|Etiopía
Filippine|Philippines|Philippinen|Philippines|Filipinas
Finlandia|Finland|Finnland|Finlande|=
Francia|France|Frankreich|France|=
Georgia|=|Georgien|Géorgie|=
Germania|Germany|Deutschland|Allemagne|Alemania
Giappone|Japan|Japan|Japon|Japón
Giordania|Jordan|Jordanien|Jordanie|Jordania
Grecia|Greece|Griechenland|Grèce|=
India|=|Indien|Inde|=
Indonesia|=|Indonesien|Indonésie|=
Iran|=|=|=|Irán
Iraq|=|Irak|Irak|Irak
Irlanda|Ireland|Irland|Irlande|=
Israele|Israel|Israel|Israël|Israel
Italia|Italy|Italien|Italie|=
Kazakistan|Kazakhstan|Kasachstan|Kazakhstan|Kazajistán
Kosovo|=|=|=|=
Lettonia|Latvia|Lettland|Lettonie|Letonia
Libano|Lebanon|Libanon|Liban|Líbano
Libia|Libya|Libyen|Libye|=
Lituania|Lithuania|Litauen|Lituanie|=
Marocco|Morocco|Marokko|Maroc|Marruecos
Messico|Mexico|Mexiko|Mexique|México
Moldavia|Moldova|Moldau|Moldavie|=
Nigeria|=|=|=|=
Norvegia|Norway|Norwegen|Norvège|Noruega
Paesi Bassi|Netherlands|Niederlande|Pays-Bas|Países Bajos
Pakistan|=|=|=|Pakistán
Palestina|Palestine|Palästina|Palestine|=
Polonia|Poland|Polen|Pologne|=
Portogallo|Portugal|Portugal|Portugal|Portugal
Qatar|=|Katar|=|Catar
Regno Unito|United Kingdom|Vereinigtes Königreich|Royaume-Uni|Reino Unido
Repubblica Ceca|Czech Republic|Tschechien|République tchèque|República Checa
Romania|=|Rumänien|Roumanie|Rumania
Russia|=|Russland|Russie|Rusia
Serbia|=|Serbien|Serbie|=
Siria|Syria|Syrien|Syrie|=
Slovacchia|Slovakia|Slowakei|Slovaquie|Eslovaquia
Slovenia|=|Slowenien|Slovénie|Eslovenia
Spagna|Spain|Spanien|Espagne|España
Stati Uniti|United States|Vereinigte Staaten|États-Unis|Estados Unidos
Sudafrica|South Africa|Südafrika|Afrique du Sud|Sudáfrica
Sudan|=|=|Soudan|Sudán
Svezia|Sweden|Schweden|Suède|Suecia
Svizzera|Switzerland|Schweiz|Suisse|Suiza
Taiwan|=|=|=|Taiwán
Thailandia|Thailand|Thailand|Thaïlande|Tailandia
Tunisia|=|Tunesien|Tunisie|Túnez
Turchia|Turkey|Türkei|Turquie|Turquía
Ucraina|Ukraine|Ukraine|Ukraine|Ucrania
Ungheria|Hungary|Ungarn|Hongrie|Hungría
Venezuela|=|=|=|=
Vietnam|=|=|Viêt Nam|=
Yemen|=|Jemen|Yémen|=
Kabul|=|=|Kaboul|=
Tirana|=|=|=|=
Algeri|Algiers|Algier|Alger|Argel
Riad|Riyadh|=|Riyad|=
Buenos Aires|=|=|=|=
Erevan|Yerevan|Jerewan|=|Ereván
Canberra|=|=|=|=
Vienna|=|Wien|Vienne|Viena
Baku|=|=|Bakou|Bakú
Bruxelles|Brussels|Brüssel|=|Bruselas
Minsk|=|=|=|=
Sarajevo|=|=|=|=
Brasilia|=|=|Brasília|=
Sofia|=|=|=|Sofía
Ottawa|=|=|=|=
Santiago|=|=|=|=
Pechino|Beijing|Peking|Pékin|Pekín
Bogotà|Bogotá|Bogotá|Bogotá|Bogotá
Pyongyang|=|Pjöngjang|=|Pionyang
Seul|Seoul|Seoul|Séoul|Seúl
Zagabria|Zagreb|Zagreb|Zagreb|Zagreb
L'Avana|Havana|Havanna|La Havane|La Habana
Copenaghen|Copenhagen|Kopenhagen|Copenhague|Copenhague
Il Cairo|Cairo|Kairo|Le Caire|El Cairo
Abu Dhabi|=|=|Abou Dabi|Abu Dabi
Tallinn|=|=|=|=
Addis Abeba|Addis Ababa|=|Addis-Abeba|Adís Abeba
Manila|=|=|Manille|=
Helsinki|=|=|=|=
Parigi|Paris|Paris|Paris|París
Tbilisi|=|Tiflis|Tbilissi|Tiflis
Berlino|Berlin|Berlin|Berlin|Berlín
Tokyo|=|Tokio|=|Tokio
Amman|=|=|=|Amán
Atene|Athens|Athen|Athènes|Atenas
Nuova Delhi|New Delhi|Neu-Delhi|New Delhi|Nueva Delhi
Giacarta|Jakarta|Jakarta|Jakarta|Yakarta
Teheran|Tehran|=|Téhéran|Teherán
Baghdad|=|Bagdad|Bagdad|Bagdad
Dublino|Dublin|Dublin|Dublin|Dublín
Gerusalemme|Jerusalem|Jerusalem|Jérusalem|Jerusalén
Roma|Rome|Rom|Rome|=
Astana|=|=|=|=
Pristina|=|=|=|=
Riga|=|=|=|=
Beirut|=|=|Beyrouth|=
Tripoli|=|Tripolis|=|Trípoli
Vilnius|=|=|=|Vilna
Rabat|=|=|=|=
Città del Messico|Mexico City|Mexiko-Stadt|Mexico|Ciudad de México
Chisinau|=|Chișinău|=|Chisináu
Abuja|=|=|=|=
Oslo|=|=|=|=
Amsterdam|=|=|=|Ámsterdam
Islamabad|=|=|=|=
Varsavia|Warsaw|Warschau|Varsovie|Varsovia
Lisbona|Lisbon|Lissabon|Lisbonne|Lisboa
Doha|=|=|=|=
Londra|London|London|Londres|Londres
Praga|Prague|Prag|Prague|=
Bucarest|Bucharest|Bukarest|=|=
Mosca|Moscow|Moskau|Moscou|Moscú
Belgrado|Belgrade|Belgrad|Belgrade|=
Damasco|Damascus|Damaskus|Damas|=
Bratislava|=|=|=|=
Lubiana|Ljubljana|Ljubljana|Ljubljana|Liubliana
Madrid|=|=|=|=
Washington|=|=|=|=
Pretoria|=|=|=|=
Khartum|Khartoum|=|Khartoum|Jartum
Stoccolma|Stockholm|Stockholm|Stockholm|Estocolmo
Berna|Bern|Bern|Berne|=
Taipei|=|=|=|Taipéi
Bangkok|=|=|=|=
Tunisi|Tunis|Tunis|Tunis|Túnez
Ankara|=|=|=|=
Kiev|Kyiv|Kiew|=|=
Budapest|=|=|=|=
Caracas|=|=|=|=
Hanoi|=|=|Hanoï|Hanói
Sana'a|Sanaa|Sanaa|Sanaa|Saná
Milano|Milan|Mailand|Milan|Milán
Napoli|Naples|Neapel|Naples|Nápoles
Torino|Turin|Turin|Turin|Turín
Palermo|=|=|=|=
Genova|Genoa|Genua|Gênes|Génova
Bologna|=|=|Bologne|Bolonia
Firenze|Florence|Florenz|Florence|Florencia
Bari|=|=|=|=
Catania|=|=|Catane|=
Venezia|Venice|Venedig|Venise|Venecia
Verona|=|=|Vérone|=
Messina|=|=|Messine|Mesina
Padova|Padua|Padua|Padoue|Padua
Trieste|=|Triest|=|=
Brescia|=|=|=|=
Parma|=|=|Parme|=
Modena|=|=|Modène|Módena
Perugia|=|=|Pérouse|Perusa
Cagliari|=|=|=|=
Ancona|=|=|Ancône|=
Pescara|=|=|=|=
Trento|=|Trient|Trente|=
Bolzano|=|Bozen|=|=
Aosta|=|=|Aoste|=
Potenza|=|=|=|=
Catanzaro|=|=|=|=
Campobasso|=|=|=|=
L'Aquila|=|=|=|=
Lampedusa|=|=|=|=
Lombardia|Lombardy|Lombardei|Lombardie|Lombardía
Piemonte|Piedmont|Piemont|Piémont|Piamonte
Veneto|=|Venetien|Vénétie|Véneto
Liguria|=|Ligurien|Ligurie|=
Toscana|Tuscany|Toskana|Toscane|=
Lazio|=|Latium|Latium|Lacio
Campania|=|Kampanien|Campanie|=
Puglia|Apulia|Apulien|Pouilles|Apulia
Calabria|=|Kalabrien|Calabre|=
Sicilia|Sicily|Sizilien|Sicile|=
Sardegna|Sardinia|Sardinien|Sardaigne|Cerdeña
Abruzzo|=|Abruzzen|Abruzzes|Abruzos
Marche|=|Marken|Marches|=
Umbria|=|Umbrien|Ombrie|=
Basilicata|=|=|=|=
Molise|=|=|=|=
Friuli-Venezia Giulia|=|Friaul-Julisch Venetien|Frioul-Vénétie Julienne|Friuli-Venecia Julia
Trentino-Alto Adige|Trentino-South Tyrol|Trentino-Südtirol|Trentin-Haut-Adige|Trentino-Alto Adigio
Emilia-Romagna|=|=|Émilie-Romagne|=
Valle d'Aosta|Aosta Valley|Aostatal|Vallée d'Aoste|Valle de Aosta
New York|=|=|=|Nueva York
Los Angeles|=|=|=|Los Ángeles
Chicago|=|=|=|=
San Francisco|=|=|=|=
Miami|=|=|=|=
Boston|=|=|=|=
Houston|=|=|=|=
Seattle|=|=|=|=
Philadelphia|=|=|Philadelphie|Filadelfia
Minneapolis|=|=|=|=
Atlanta|=|=|=|=
Dallas|=|=|=|=
Texas|=|=|=|=
California|=|Kalifornien|Californie|=
Florida|=|=|Floride|=
Alaska|=|=|=|=
Hawaii|=|=|Hawaï|Hawái
Kharkiv|=|Charkiw|=|Járkov
Odessa|Odesa|=|=|Odesa
Leopoli|Lviv|Lwiw|Lviv|Leópolis
Dnipro|=|=|=|=
Zaporizhzhia|=|Saporischschja|Zaporijjia|Zaporiyia
Kherson|=|Cherson|=|Jersón
Donetsk|=|Donezk|=|=
Luhansk|=|=|Louhansk|Lugansk
Mariupol|=|=|Marioupol|Mariúpol
Bakhmut|=|Bachmut|Bakhmout|Bajmut
Avdiivka|=|Awdijiwka|Avdiïvka|=
Kursk|=|=|Koursk|=
Belgorod|=|=|=|=
San Pietroburgo|Saint Petersburg|Sankt Petersburg|Saint-Pétersbourg|San Petersburgo
Crimea|=|Krim|Crimée|=
Donbass|Donbas|=|=|Donbás
Transnistria|=|Transnistrien|Transnistrie|=
Cecenia|Chechnya|Tschetschenien|Tchétchénie|Chechenia
Siberia|=|Sibirien|Sibérie|=
Caucaso|Caucasus|Kaukasus|Caucase|Cáucaso
Gaza|=|=|=|=
Cisgiordania|West Bank|Westjordanland|Cisjordanie|Cisjordania
Rafah|=|=|=|=
Tel Aviv|=|=|=|=
Haifa|=|=|Haïfa|=
Golan|Golan Heights|Golanhöhen|=|Altos del Golán
Sinai|=|=|Sinaï|Sinaí
Aleppo|=|=|Alep|Alepo
Idlib|=|=|=|=
Mosul|=|Mossul|Mossoul|=
Hong Kong|=|Hongkong|=|=
Shanghai|=|=|=|Shanghái
Xinjiang|=|=|=|Sinkiang
Tibet|=|=|=|Tíbet
Osaka|=|=|=|=
Mumbai|=|=|Bombay|Bombay
Dubai|=|=|Dubaï|Dubái
Gedda|Jeddah|Dschidda|Djeddah|Yeda
Monaco di Baviera|Munich|München|Munich|Múnich
Francoforte|Frankfurt|Frankfurt|Francfort|Fráncfort
Amburgo|Hamburg|Hamburg|Hambourg|Hamburgo
Colonia|Cologne|Köln|Cologne|=
Barcellona|Barcelona|Barcelona|Barcelone|Barcelona
Marsiglia|Marseille|Marseille|Marseille|Marsella
Lione|Lyon|Lyon|Lyon|Lyon
Nizza|Nice|=|Nice|Niza
Strasburgo|Strasbourg|Straßburg|Strasbourg|Estrasburgo
Ginevra|Geneva|Genf|Genève|Ginebra
Zurigo|Zurich|Zürich|Zurich|Zúrich
Istanbul|=|=|=|Estambul
Smirne|Izmir|Izmir|Izmir|Esmirna
Salonicco|Thessaloniki|Thessaloniki|Thessalonique|Salónica
Cracovia|Kraków|Krakau|Cracovie|=
Danzica|Gdańsk|Danzig|Gdańsk|Gdansk
Europa|Europe|=|Europe|=
Asia|=|Asien|Asie|=
Africa|=|Afrika|Afrique|África
Oceania|=|Ozeanien|Océanie|Oceanía
America Latina|Latin America|Lateinamerika|Amérique latine|=
Nord America|North America|Nordamerika|Amérique du Nord|América del Norte
Medio Oriente|Middle East|Naher Osten|Moyen-Orient|Oriente Medio
Vicino Oriente|Near East|Naher Osten|Proche-Orient|Oriente Próximo
Estremo Oriente|Far East|Ferner Osten|Extrême-Orient|=
Balcani|Balkans|Balkan|Balkans|Balcanes
Scandinavia|=|Skandinavien|Scandinavie|=
Sahel|=|=|=|=
Maghreb|=|=|=|Magreb
Artico|Arctic|Arktis|Arctique|Ártico
Antartide|Antarctica|Antarktis|Antarctique|Antártida
Mediterraneo|Mediterranean|Mittelmeer|Méditerranée|Mediterráneo
Mar Nero|Black Sea|Schwarzes Meer|mer Noire|mar Negro
Mar Rosso|Red Sea|Rotes Meer|mer Rouge|mar Rojo
Mar Baltico|Baltic Sea|Ostsee|mer Baltique|mar Báltico
Mare del Nord|North Sea|Nordsee|mer du Nord|mar del Norte
Golfo Persico|Persian Gulf|Persischer Golf|golfe Persique|golfo Pérsico
Indo-Pacifico|Indo-Pacific|Indopazifik|Indo-Pacifique|Indo-Pacífico
Pacifico|Pacific|Pazifik|Pacifique|Pacífico
Atlantico|Atlantic|Atlantik|Atlantique|Atlántico
Oceano Indiano|Indian Ocean|Indischer Ozean|océan Indien|océano Índico
Canale di Suez|Suez Canal|Sueskanal|canal de Suez|canal de Suez
Stretto di Hormuz|Strait of Hormuz|Straße von Hormus|détroit d'Ormuz|estrecho de Ormuz
Mar Cinese Meridionale|South China Sea|Südchinesisches Meer|mer de Chine méridionale|mar de China Meridional
Bosforo|Bosphorus|Bosporus|Bosphore|Bósforo
Oman|=|=|=|Omán
Kuwait|=|=|Koweït|=
Bahrein|Bahrain|Bahrain|Bahreïn|Baréin
Cipro|Cyprus|Zypern|Chypre|Chipre
Malta|=|=|Malte|=
Lussemburgo|Luxembourg|Luxemburg|Luxembourg|Luxemburgo
Islanda|Iceland|Island|Islande|Islandia
Montenegro|=|=|Monténégro|=
Macedonia del Nord|North Macedonia|Nordmazedonien|Macédoine du Nord|Macedonia del Norte
Groenlandia|Greenland|Grönland|Groenland|=
Vaticano|Vatican|Vatikan|Vatican|=
San Marino|=|=|Saint-Marin|=
Andorra|=|=|Andorre|=
Principato di Monaco|Monaco|Monaco|Monaco|Mónaco
Ciad|Chad|Tschad|Tchad|Chad
Mali|=|=|=|Malí
Niger|=|=|=|Níger
Somalia|=|=|Somalie|=
Kenya|=|Kenia|=|Kenia
Congo|=|Kongo|=|=
Ruanda|Rwanda|=|Rwanda|=
Sud Sudan|South Sudan|Südsudan|Soudan du Sud|Sudán del Sur
Eritrea|=|=|Érythrée|=
Ghana|=|=|=|=
Senegal|=|=|Sénégal|=
Angola|=|=|=|=
Mozambico|Mozambique|Mosambik|Mozambique|Mozambique
Zimbabwe|=|Simbabwe|=|Zimbabue
Uganda|=|=|Ouganda|=
Tanzania|=|Tansania|Tanzanie|=
Camerun|Cameroon|Kamerun|Cameroun|Camerún
Perù|Peru|Peru|Pérou|Perú
Bolivia|=|Bolivien|Bolivie|=
Ecuador|=|=|Équateur|=
Paraguay|=|=|=|=
Uruguay|=|=|=|=
Nicaragua|=|=|=|=
Honduras|=|=|=|=
Guatemala|=|=|=|=
Haiti|=|=|Haïti|Haití
Panama|=|=|=|Panamá
Myanmar|=|=|=|=
Cambogia|Cambodia|Kambodscha|Cambodge|Camboya
Laos|=|=|=|=
Malesia|Malaysia|Malaysia|Malaisie|Malasia
Singapore|=|Singapur|Singapour|Singapur
Nepal|=|=|Népal|=
Bangladesh|=|Bangladesch|=|Bangladés
Sri Lanka|=|=|=|=
Mongolia|=|Mongolei|Mongolie|=
Uzbekistan|=|Usbekistan|Ouzbékistan|Uzbekistán
Turkmenistan|=|=|Turkménistan|Turkmenistán
Tagikistan|Tajikistan|Tadschikistan|Tadjikistan|Tayikistán
Kirghizistan|Kyrgyzstan|Kirgisistan|Kirghizistan|Kirguistán
Nuova Zelanda|New Zealand|Neuseeland|Nouvelle-Zélande|Nueva Zelanda
Nato|NATO|NATO|OTAN|OTAN
Unione europea|European Union|Europäische Union|Union européenne|Unión Europea
Onu|United Nations|Vereinte Nationen|ONU|ONU
Consiglio di sicurezza dell'Onu|UN Security Council|UN-Sicherheitsrat|Conseil de sécurité de l'ONU|Consejo de Seguridad de la ONU
Commissione europea|European Commission|Europäische Kommission|Commission européenne|Comisión Europea
Parlamento europeo|European Parliament|Europäisches Parlament|Parlement européen|Parlamento Europeo
Consiglio europeo|European Council|Europäischer Rat|Conseil européen|Consejo Europeo
Bce|ECB|EZB|BCE|BCE
Fmi|IMF|IWF|FMI|FMI
Banca mondiale|World Bank|Weltbank|Banque mondiale|Banco Mundial
Oms|WHO|WHO|OMS|OMS
Ocse|OECD|OECD|OCDE|OCDE
Opec|OPEC|OPEC|OPEP|OPEP
Wto|WTO|WTO|OMC|OMC
Aiea|IAEA|IAEA|AIEA|OIEA
Unicef|UNICEF|UNICEF|UNICEF|UNICEF
Unesco|UNESCO|UNESCO|UNESCO|UNESCO
Unhcr|UNHCR|UNHCR|HCR|ACNUR
Croce Rossa|Red Cross|Rotes Kreuz|Croix-Rouge|Cruz Roja
Amnesty International|=|=|=|=
Corte penale internazionale|International Criminal Court|Internationaler Strafgerichtshof|Cour pénale internationale|Corte Penal Internacional
G7|=|=|=|=
G20|=|=|=|=
Brics|BRICS|BRICS|BRICS|BRICS
Cremlino|Kremlin|Kreml|Kremlin|Kremlin
Pentagono|Pentagon|Pentagon|Pentagone|Pentágono
Casa Bianca|White House|Weißes Haus|Maison-Blanche|Casa Blanca
Dipartimento di Stato|State Department|US-Außenministerium|Département d'État|Departamento de Estado
Congresso|Congress|Kongress|Congrès|Congreso
Fed|=|=|=|=
Cia|CIA|CIA|CIA|CIA
Fbi|FBI|FBI|FBI|FBI
Nasa|NASA|NASA|NASA|NASA
Fsb|FSB|FSB|FSB|FSB
Duma|=|=|=|=
Wagner|Wagner Group|Wagner-Gruppe|groupe Wagner|Grupo Wagner
Eliseo|Élysée|Élysée-Palast|Élysée|Elíseo
Downing Street|=|=|=|=
Bundestag|=|=|=|=
Knesset|=|=|=|Knéset
Mossad|=|=|=|=
Idf|IDF|israelische Armee|Tsahal|Ejército israelí
Hamas|=|=|=|Hamás
Hezbollah|=|Hisbollah|=|Hezbolá
Houthi|Houthis|Huthi|Houthis|hutíes
Talebani|Taliban|Taliban|talibans|talibanes
Isis|Islamic State|IS|État islamique|Estado Islámico
Quirinale|=|=|=|=
Palazzo Chigi|=|=|=|=
Farnesina|=|=|=|=
Viminale|=|=|=|=
Montecitorio|=|=|=|=
Camera dei deputati|Chamber of Deputies|Abgeordnetenkammer|Chambre des députés|Cámara de Diputados
Senato|Senate|Senat|Sénat|Senado
Consulta|Constitutional Court|Verfassungsgericht|Cour constitutionnelle|Tribunal Constitucional
Banca d'Italia|Bank of Italy|Banca d'Italia|Banque d'Italie|Banco de Italia
Consob|=|=|=|=
Istat|=|=|=|=
Inps|INPS|INPS|INPS|INPS
Protezione civile|Civil Protection|Zivilschutz|Protection civile|Protección Civil
Guardia di Finanza|=|=|=|=
Carabinieri|=|=|=|=
Confindustria|=|=|=|=
Cgil|CGIL|CGIL|CGIL|CGIL
Cisl|CISL|CISL|CISL|CISL
Uil|UIL|UIL|UIL|UIL
Pd|Democratic Party|Partito Democratico|Parti démocrate|Partido Democrático
M5s|Five Star Movement|Fünf-Sterne-Bewegung|Mouvement 5 étoiles|Movimiento 5 Estrellas
Fratelli d'Italia|Brothers of Italy|=|Frères d'Italie|Hermanos de Italia
Forza Italia|=|=|=|=
Lega|League|=|Ligue|Liga
Rai|RAI|RAI|RAI|RAI
Ansa|ANSA|ANSA|ANSA|ANSA
Eni|=|=|=|=
Enel|=|=|=|=
Stellantis|=|=|=|=
Santa Sede|Holy See|Heiliger Stuhl|Saint-Siège|=
Reuters|=|=|=|=
Apple|=|=|=|=
Google|=|=|=|=
Amazon|=|=|=|=
Microsoft|=|=|=|=
Meta|=|=|=|=
Tesla|=|=|=|=
OpenAI|=|=|=|=
"""
