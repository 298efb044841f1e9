"""Italian stop words, and the function words that tell five languages apart.

Two lists on purpose: ``ITALIAN_STOPWORDS`` is every word with no content of its own
(what the summariser ignores when it compares sentences); ``FUNCTION_WORDS`` holds only
the most frequent function words of each language, balanced across languages so that
counting them guesses a page's language (``language.detect``).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Every Italian word that carries no content of its own: articles, prepositions,
# pronouns, auxiliaries and their common forms, connectives, small numbers.
ITALIAN_STOPWORDS: frozenset[str] = _words(
    """
    a ad al allo ai agli all alla alle agl con col coi da dal dallo dai dagli dall dalla
    dalle di del dello dei degli dell della delle in nel nello nei negli nell nella nelle
    su sul sullo sui sugli sull sulla sulle per tra fra il lo la i gli le l un uno una
    e ed o od ma se che chi cui non né ne ci vi si mi ti lo li ce ve me te sé
    io tu lui lei noi voi loro egli ella esso essa essi esse mio mia miei mie tuo tua
    tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri vostre
    questo questa questi queste quello quella quelli quelle quel quei quegli quest
    quell ciò cosa come dove quando quanto quanta quanti quante perché poiché mentre
    anche ancora già più meno molto molta molti molte poco poca pochi poche tanto tanta
    tanti tante tutto tutta tutti tutte ogni alcun alcuno alcuna alcuni alcune altro
    altra altri altre stesso stessa stessi stesse tale tali qualche qualcuno nessuno
    nessuna niente nulla così però quindi dunque infatti inoltre invece tuttavia oppure
    ovvero cioè sia pure neanche nemmeno neppure anzi allora poi prima dopo sempre mai
    già ora adesso oggi ieri domani qui qua lì là sopra sotto dentro fuori senza contro
    verso durante presso oltre secondo circa solo soltanto proprio appena quasi ben
    essere sono sei è siamo siete era eri erano eravamo fu furono sarà saranno sarebbe
    sarebbero sia siano fosse fossero stato stata stati state essendo
    avere ho hai ha abbiamo avete hanno aveva avevano avevo ebbe ebbero avrà avranno
    avrebbe avrebbero abbia abbiano avesse avessero avuto avuta avuti avendo
    fare fa fanno faceva fatto fatta fatti fatte può possono potrebbe potrebbero potuto
    deve devono dovrebbe dovrebbero dovuto vuole vogliono voluto sta stanno stava
    c d po s nonché affinché sebbene benché qualora perciò cosicché
    uno due tre quattro cinque sei sette otto nove dieci
    """
)


# Each list holds the most frequent function words of the language. Words shared by
# several languages ("de", "la", "a", "en"...) are allowed: they count for every
# language that has them, split evenly, so only the distinctive words decide.
ITALIAN_FUNCTION_WORDS: frozenset[str] = _words(
    """
    a ad agli ai al alla alle allo anche ancora avere aveva avevano c che chi ci
    col come con contro cosa così cui d da dai dal dall dalla dalle dagli dallo de
    degli dei del dell della delle dello di dopo dove e è ecco ed era erano essere
    fa fino fra gli ha hanno ho i il in infatti invece io l la le lei li lo loro lui
    ma mai me mentre mi molto ne negli nei nel nell nella nelle nello no noi non
    nostra nostro o ogni oltre per perché però più poi poco proprio qua qual quale
    quali quando quanto quasi quel quella quelle quelli quello questa queste questi
    questo qui se sé senza si sia siamo sono stata stati stato su sua sue sugli sui
    sul sull sulla sulle suo suoi tra tutta tutte tutti tutto un una uno vi voi
    nell quest po
    """
)

ENGLISH_FUNCTION_WORDS: frozenset[str] = _words(
    """
    a about after all also an and any are as at be been before being but by can
    could did do does for from had has have he her his how i if in into is it its
    just may more most my no not now of on one only or other our out over said she
    should so some such than that the their them then there these they this those
    through to under up was we were what when where which while who will with would
    you your
    """
)

GERMAN_FUNCTION_WORDS: frozenset[str] = _words(
    """
    aber als also am an auch auf aus bei bis da das dass dem den der des die dies
    diese dieser doch durch ein eine einem einen einer eines er es für gegen hat
    haben hatte ich ihr im in ist ja kann kein man mehr mit muss nach nicht noch nur
    oder ohne schon sich sie sind so über um und uns unter vom von vor war waren
    was weil wenn werden wie wir wird wurde zu zum zur zwischen
    """
)

FRENCH_FUNCTION_WORDS: frozenset[str] = _words(
    """
    à au aux avec ce ces cette comme dans de des du elle en est et été être eux il
    ils je la le les leur leurs lui mais même mes moi ne nous on ont ou où par pas
    plus pour qu que qui sa sans se ses son sont sur ta tout tous très un une vous
    y c d j l n s
    """
)

SPANISH_FUNCTION_WORDS: frozenset[str] = _words(
    """
    a al algo algunos ante como con contra cual cuando de del desde donde dos el
    ella ellos en entre era es esa ese esta este esto estos fue ha hay la las le
    les lo los más me mi muy nada ni no nos o otra otro para pero poco por porque
    que quien se sea ser si sin sobre son su sus también tiene todo todos un una
    uno unos y ya está están fueron había
    """
)

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "it": ITALIAN_FUNCTION_WORDS,
    "en": ENGLISH_FUNCTION_WORDS,
    "de": GERMAN_FUNCTION_WORDS,
    "fr": FRENCH_FUNCTION_WORDS,
    "es": SPANISH_FUNCTION_WORDS,
}
