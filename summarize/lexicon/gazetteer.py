"""The gazetteer: countries with their capitals and demonyms, other places, organisations.

``language.entities`` turns these tables into lookup keys with its own tokeniser.
"""

from __future__ import annotations

# country | capital | demonym stems (word minus its final vowel) | other names
COUNTRY_TABLE = """
Afghanistan|Kabul|afghan|
Albania|Tirana|albanes|
Algeria|Algeri|algerin|
Arabia Saudita|Riad|saudit|
Argentina|Buenos Aires|argentin|
Armenia|Erevan|armen|
Australia|Canberra|australian|
Austria|Vienna|austriac|
Azerbaigian|Baku|azer|
Belgio|Bruxelles|belg|
Bielorussia|Minsk|bielorus|
Bosnia|Sarajevo|bosniac|Bosnia-Erzegovina
Brasile|Brasilia|brasilian|
Bulgaria|Sofia|bulgar|
Canada|Ottawa|canades|
Cile|Santiago|cilen|
Cina|Pechino|cines|Repubblica popolare cinese
Colombia|Bogotà|colombian|
Corea del Nord|Pyongyang|nordcorean|
Corea del Sud|Seul|sudcorean|
Croazia|Zagabria|croat|
Cuba|L'Avana|cuban|
Danimarca|Copenaghen|danes|
Egitto|Il Cairo|egizian|Cairo
Emirati Arabi Uniti|Abu Dhabi|emiratin|Emirati
Estonia|Tallinn|eston|
Etiopia|Addis Abeba|etiop|
Filippine|Manila|filippin|
Finlandia|Helsinki|finlandes|
Francia|Parigi|frances|
Georgia|Tbilisi|georgian|
Germania|Berlino|tedesc|
Giappone|Tokyo|giappones|
Giordania|Amman|giordan|
Grecia|Atene|grec|
India|Nuova Delhi|indian|Delhi
Indonesia|Giacarta|indonesian|
Iran|Teheran|iranian|
Iraq|Baghdad|irachen|
Irlanda|Dublino|irlandes|
Israele|Gerusalemme|israelian|
Italia|Roma|italian|
Kazakistan|Astana|kazak|
Kosovo|Pristina|kosovar|
Lettonia|Riga|letton|
Libano|Beirut|libanes|
Libia|Tripoli|libic|
Lituania|Vilnius|lituan|
Marocco|Rabat|marocchin|
Messico|Città del Messico|messican|
Moldavia|Chisinau|moldav|Moldova
Nigeria|Abuja|nigerian|
Norvegia|Oslo|norveges|
Paesi Bassi|Amsterdam|oland|Olanda
Pakistan|Islamabad|pakistan|
Palestina||palestines|
Polonia|Varsavia|polacc|
Portogallo|Lisbona|portoghes|
Qatar|Doha|qatarin|
Regno Unito|Londra|britannic|Gran Bretagna
Repubblica Ceca|Praga|cec|
Romania|Bucarest|romen|
Russia|Mosca|russ|Federazione Russa
Serbia|Belgrado|serb|
Siria|Damasco|sirian|
Slovacchia|Bratislava|slovacc|
Slovenia|Lubiana|sloven|
Spagna|Madrid|spagnol|
Stati Uniti|Washington|statunitens american|Usa,Stati Uniti d'America,America
Sudafrica|Pretoria|sudafrican|
Sudan|Khartum|sudanes|
Svezia|Stoccolma|svedes|
Svizzera|Berna|svizzer|
Taiwan|Taipei|taiwanes|
Thailandia|Bangkok|thailandes|
Tunisia|Tunisi|tunisin|
Turchia|Ankara|turc|
Ucraina|Kiev|ucrain|Kyiv
Ungheria|Budapest|unghere|
Venezuela|Caracas|venezuelan|
Vietnam|Hanoi|vietnamit|
Yemen|Sana'a|yemenit|
"""

# Cities, regions and areas that are not capitals in the table above
# (comma separated; "|" separates a canonical name from its other spellings).
OTHER_PLACES = """
Milano, Napoli, Torino, Palermo, Genova, Bologna, Firenze, Bari, Catania, Venezia, Verona,
Messina, Padova, Trieste, Brescia, Parma, Modena, Perugia, Cagliari, Ancona, Pescara,
Trento, Bolzano, Aosta, Potenza, Catanzaro, Campobasso, L'Aquila, Lampedusa, Lombardia,
Piemonte, Veneto, Liguria, Toscana, Lazio, Campania, Puglia, Calabria, Sicilia, Sardegna,
Abruzzo, Marche, Umbria, Basilicata, Molise, Friuli-Venezia Giulia|Friuli,
Trentino-Alto Adige|Trentino, Emilia-Romagna, Valle d'Aosta,
New York, Los Angeles, Chicago, San Francisco, Miami, Boston, Houston, Seattle,
Philadelphia, Minneapolis, Atlanta, Dallas, Texas, California, Florida, Alaska, Hawaii,
Kharkiv|Kharkov, Odessa, Leopoli|Lviv, Dnipro, Zaporizhzhia|Zaporizhia|Zaporozhye,
Kherson, Donetsk, Luhansk|Lugansk, Mariupol, Bakhmut, Avdiivka, Kursk, Belgorod,
San Pietroburgo, Crimea, Donbass|Donbas, Transnistria, Cecenia, Siberia, Caucaso,
Gaza|Striscia di Gaza, Cisgiordania, Rafah, Tel Aviv, Haifa, Golan, Sinai, Aleppo, Idlib,
Mosul, Hong Kong, Shanghai, Xinjiang, Tibet, Osaka, Mumbai, Dubai, Gedda,
Monaco di Baviera, Francoforte, Amburgo, Colonia, Barcellona, Marsiglia, Lione, Nizza,
Strasburgo, Ginevra, Zurigo, Istanbul, Smirne, Salonicco, Cracovia, Danzica,
Europa, Asia, Africa, Oceania, America Latina|Sudamerica, Nord America|Nordamerica,
Medio Oriente, Vicino Oriente, Estremo Oriente, Balcani, Scandinavia, Sahel, Maghreb,
Artico, Antartide, Mediterraneo, Mar Nero, Mar Rosso, Mar Baltico|Baltico, Mare del Nord,
Golfo Persico, Indo-Pacifico, Pacifico, Atlantico, Oceano Indiano, Canale di Suez|Suez,
Stretto di Hormuz|Hormuz, Mar Cinese Meridionale, Bosforo, Oman, Kuwait, Bahrein, Cipro,
Malta, Lussemburgo, Islanda, Montenegro, Macedonia del Nord, Groenlandia, Vaticano,
San Marino, Andorra, Principato di Monaco, Ciad, Mali, Niger, Somalia, Kenya, Congo, Ruanda,
Sud Sudan, Eritrea, Ghana, Senegal, Angola, Mozambico, Zimbabwe, Uganda, Tanzania, Camerun,
Perù, Bolivia, Ecuador, Paraguay, Uruguay, Nicaragua, Honduras, Guatemala, Haiti, Panama,
Myanmar|Birmania, Cambogia, Laos, Malesia, Singapore, Nepal, Bangladesh, Sri Lanka,
Mongolia, Uzbekistan, Turkmenistan, Tagikistan, Kirghizistan, Nuova Zelanda
"""

# canonical | aliases (comma separated) | country it can stand for in prose, if any
ORGANISATION_TABLE = """
Nato|Alleanza atlantica,Patto atlantico|
Unione europea|Ue,Unione Europea|
Onu|Nazioni Unite|
Consiglio di sicurezza dell'Onu|Consiglio di sicurezza|
Commissione europea|Commissione Ue|
Parlamento europeo|Europarlamento|
Consiglio europeo||
Bce|Banca centrale europea|
Fmi|Fondo monetario internazionale|
Banca mondiale||
Oms|Organizzazione mondiale della sanità|
Ocse||
Opec||
Wto|Organizzazione mondiale del commercio|
Aiea|Agenzia internazionale per l'energia atomica,Iaea|
Unicef||
Unesco||
Unhcr||
Croce Rossa||
Amnesty International|Amnesty|
Corte penale internazionale|Cpi|
G7||
G20||
Brics||
Cremlino||Russia
Pentagono||Stati Uniti
Casa Bianca||Stati Uniti
Dipartimento di Stato||Stati Uniti
Congresso||Stati Uniti
Fed|Federal Reserve|Stati Uniti
Cia||Stati Uniti
Fbi||Stati Uniti
Nasa||Stati Uniti
Fsb||Russia
Duma||Russia
Wagner|Gruppo Wagner|Russia
Eliseo||Francia
Downing Street||Regno Unito
Bundestag||Germania
Knesset||Israele
Mossad||Israele
Idf|Tsahal|Israele
Hamas||
Hezbollah||
Houthi|Huthi|
Talebani||
Isis|Stato islamico,Daesh|
Quirinale||Italia
Palazzo Chigi||Italia
Farnesina||Italia
Viminale||Italia
Montecitorio||Italia
Camera dei deputati|Camera dei Deputati|
Senato||
Consulta|Corte costituzionale|Italia
Banca d'Italia|Bankitalia|Italia
Consob||Italia
Istat||Italia
Inps||Italia
Protezione civile||Italia
Guardia di Finanza||Italia
Carabinieri||Italia
Confindustria||Italia
Cgil||Italia
Cisl||Italia
Uil||Italia
Pd|Partito democratico|Italia
M5s|M5S,Movimento 5 stelle,Movimento 5 Stelle|Italia
Fratelli d'Italia|FdI|Italia
Forza Italia||Italia
Lega||Italia
Rai||Italia
Ansa||Italia
Eni||Italia
Enel||Italia
Stellantis||
Santa Sede||Vaticano
Reuters||
Apple||
Google||
Amazon||
Microsoft||
Meta||
Tesla||
OpenAI||
"""

# Gazetteer words that are also ordinary words when they open a sentence
# ("Nato a Roma...", "Usa il telefono...", "Lega i due fili...").
AMBIGUOUS_AT_START = frozenset({"nato", "usa", "lega", "mosca", "meta", "consulta", "congresso"})
