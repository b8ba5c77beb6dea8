/**
 * Hindi (Devanagari) and Hinglish (Hindi in Latin letters) civic words → the canonical English
 * token the English training data already uses, so what the model learned from English reports
 * carries over ("बिजली", "bijli" and "electricity" become one feature, and reach the CONCEPTS
 * lexicon). Whole tokens only. Devanagari keys are written as people type them; tokenize.ts runs
 * them through the same normalisation as the text (nukta and chandrabindu folded), so "सड़क" and
 * "सडक" are one key. Generic words ("kharab", "band") stay out: they carry no category.
 */

const group = (canonical: string, words: string) => words.split(" ").map((w) => [w, canonical] as const);

export const HINGLISH_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  // roads
  ...group("road", "sadak sadke sadken sadako sadakon sdk sarak rasta raasta raste rasto"),
  ...group("pothole", "gadda gaddha gaddhe gadde gaddhon gaddho gadhe gadhon gdde gddhe gddha khadda khadde khaddon khada khade"),
  ...group("broken", "tooti toota toote tuti tuta tute"),
  // street lights
  ...group("light", "batti battiyan battiya battiyon roshni lite lyt"),
  ...group("pole", "khamba khambe khambo khambon"),
  ...group("dark", "andhera andhere andheri"),
  // garbage
  ...group("garbage", "kachra kachre kachraa kachara kchra kachro kooda kuda kude koode kudaa gandagi gandgi"),
  ...group("dustbin", "kudedan koodedaan kudedaan kooda-daan"),
  ...group("sweeping", "safai safaai sfai jhadu jhaadu"),
  ...group("debris", "malba malbaa"),
  ...group("smell", "badbu badboo bdbu badbo"),
  // water
  ...group("water", "pani paani panee pni paanee"),
  ...group("tap", "nal nalka nalke"),
  ...group("tank", "tanki tanky"),
  ...group("drinking", "peene"),
  // drainage
  ...group("drain", "nali naali nalli naliyan naaliyan naliyon naaliyon nala naala naale nale nalla gatar gutter"),
  ...group("sewage", "sewer seewar seever"),
  ...group("cover", "dhakkan dhakan dhakkn"),
  ...group("waterlogging", "jalbharav jalbharao"),
  ...group("mosquito", "machhar machar macchar machharon"),
  ...group("mud", "keechad kichad kichar"),
  // electricity
  ...group("electricity", "bijli bjli bijlee bizli bijali"),
  ...group("current", "karant karent"),
  ...group("wire", "taar taaro taaron taron"),
  ...group("transformer", "transformer transfarmar tranformer"),
  ...group("spark", "chingari chingaari chingaariyan chingariyan"),
  ...group("shock", "jhatka jhataka"),
  // trees and parks
  ...group("tree", "ped pedh pedon pedo"),
  ...group("branch", "daal daali daaliyan daliyan daliya tehni tehniyan tahni"),
  ...group("swing", "jhoola jhoole jhula jhule"),
  ...group("grass", "ghaas ghas"),
  ...group("garden", "bageecha bagicha bageeche udyan"),
  ...group("saplings", "paudhe paudha paudhon"),
  ...group("pruning", "chhatai chhantai chatai"),
  // public property
  ...group("toilet", "shauchalay shauchalaya"),
  ...group("encroachment", "kabza kabja kabjaa atikraman"),
  ...group("vendors", "thela thele rehdi rehri"),
  // public safety
  ...group("dog", "kutta kutte kutton kutto kuttey"),
  ...group("stray", "aawara awara aavara"),
  ...group("monkey", "bandar bandaron"),
  ...group("bull", "saand saandh"),
  ...group("cow", "gaay gaaye"),
  ...group("snake", "saanp sanp saap"),
  ...group("theft", "chori chor"),
  ...group("fire", "aag"),
  ...group("drugs", "nasha nashe nashedi"),
  // environment
  ...group("smoke", "dhuan dhuaan dhua dhuen dhuna dhuein"),
  ...group("noise", "shor shorr"),
  ...group("pollution", "pradushan pradooshan prdushn pradushn"),
  ...group("dust", "dhool dhul dhoolo"),
  ...group("factory", "karkhana kaarkhana karkhane kaarkhane"),
  ...group("river", "nadi nadiyon"),
  ...group("lake", "talab talaab jheel"),
  // other
  ...group("certificate", "praman"),
  ...group("application", "aavedan avedan"),
];

export const HINDI_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  // roads
  ...group("road", "सड़क सड़कें सड़कों सडक रोड रास्ता रास्ते"),
  ...group("pothole", "गड्ढा गड्ढे गड्ढों गढ्ढा गढ्ढे गड्डा गड्डे गडडा खड्डा खड्डे"),
  ...group("broken", "टूटी टूटा टूटे टूट"),
  ...group("signal", "सिग्नल"),
  ...group("footpath", "फुटपाथ"),
  // street lights
  ...group("street", "स्ट्रीट"),
  ...group("light", "लाइट लाईट लाइटें बत्ती बत्तियां बत्तियाँ रोशनी"),
  ...group("bulb", "बल्ब"),
  ...group("pole", "खंभा खंभे खंभों खम्भा खम्भे पोल"),
  ...group("dark", "अंधेरा अंधेरे अँधेरा अँधेरे"),
  // garbage
  ...group("garbage", "कूड़ा कूड़े कूडा कूडे कुड़ा कचरा कचरे गंदगी"),
  ...group("dustbin", "कूड़ेदान कूडेदान डस्टबिन"),
  ...group("sweeping", "सफाई सफ़ाई झाड़ू"),
  ...group("debris", "मलबा"),
  ...group("smell", "बदबू दुर्गंध"),
  // water
  ...group("water", "पानी पानि"),
  ...group("tap", "नल नलों"),
  ...group("tank", "टंकी"),
  ...group("tanker", "टैंकर"),
  ...group("pipeline", "पाइपलाइन"),
  ...group("pipe", "पाइप"),
  ...group("drinking", "पीने"),
  ...group("supply", "सप्लाई आपूर्ति जलापूर्ति"),
  // drainage
  ...group("drain", "नाली नालि नालियों नालियां नाला नाले नालों गटर"),
  ...group("sewage", "सीवर"),
  ...group("manhole", "मेनहोल मैनहोल"),
  ...group("cover", "ढक्कन"),
  ...group("waterlogging", "जलभराव"),
  ...group("mosquito", "मच्छर"),
  // electricity
  ...group("electricity", "बिजली बिजलि"),
  ...group("current", "करंट"),
  ...group("wire", "तार तारों"),
  ...group("transformer", "ट्रांसफार्मर ट्रांसफॉर्मर ट्रांसफारमर"),
  ...group("voltage", "वोल्टेज"),
  ...group("meter", "मीटर"),
  ...group("spark", "चिंगारी स्पार्किंग"),
  // trees and parks
  ...group("tree", "पेड़ पेड़ों पेड़ो पेड वृक्ष"),
  ...group("branch", "डाल डाली डालियां डालियाँ टहनी टहनियां"),
  ...group("park", "पार्क उद्यान"),
  ...group("swing", "झूला झूले"),
  ...group("grass", "घास"),
  ...group("saplings", "पौधे पौधा"),
  ...group("pruning", "छंटाई छटाई"),
  // public property
  ...group("toilet", "शौचालय टॉयलेट"),
  ...group("encroachment", "अतिक्रमण कब्जा कब्ज़ा"),
  ...group("hoarding", "होर्डिंग"),
  ...group("bench", "बेंच"),
  ...group("shelter", "शेड शेल्टर"),
  // public safety
  ...group("dog", "कुत्ता कुत्ते कुत्तों"),
  ...group("stray", "आवारा"),
  ...group("monkey", "बंदर बंदरों"),
  ...group("bull", "सांड सांड़"),
  ...group("cow", "गाय"),
  ...group("snake", "सांप साँप"),
  ...group("theft", "चोरी चोर"),
  ...group("fire", "आग"),
  ...group("gas", "गैस"),
  ...group("police", "पुलिस"),
  // environment
  ...group("smoke", "धुआं धुआँ धुएं धुएँ"),
  ...group("noise", "शोर"),
  ...group("pollution", "प्रदूषण प्रदूषित"),
  ...group("dust", "धूल"),
  ...group("factory", "फैक्ट्री कारखाने कारखाना"),
  ...group("river", "नदी"),
  ...group("lake", "तालाब झील"),
  ...group("loudspeaker", "लाउडस्पीकर"),
  // other
  ...group("certificate", "प्रमाण"),
  ...group("pension", "पेंशन"),
  ...group("tax", "टैक्स"),
  ...group("application", "आवेदन"),
];

/** Hindi function words (Devanagari and Latin): no topical signal. Negation ("नहीं", "nahi") is kept. */
export const HINDI_STOPWORDS =
  "है हैं था थी थे का की के को से में मे पर भी और हो रहा रही रहे कर ने तो यह वह ये वो इस उस एक जी गया गई गए हुआ हुई हुए " +
  "h he hai hain hein ka ki ke ko se mein me m pe par bhi aur ho raha rahi rahe rha rhi rhe kar ne to ye yeh wo woh is us ek ji " +
  "gaya gayi gaye gya gyi hua hui hue tha thi the bhai bhaiya";
