import type { Category } from "@/server/triage";

/**
 * Fresh reports written for the tests, NOT in data/triage/complaints.json (a test checks that no
 * dataset text is a near-duplicate of them). [title, description, expected category, urgent].
 */
export const OBVIOUS: ReadonlyArray<readonly [string, string, Category]> = [
  ["Pothole", "A very deep pothole has formed on the main road outside the bank, cars swerve to avoid it", "roads"],
  ["Broken road surface", "The asphalt on Link Road has cracked and peeled off after the monsoon", "roads"],
  ["Street light", "The street light outside house 221 has not switched on for the past week, the lane is dark", "streetlights"],
  ["Lamp not working", "Lamp post near the chemist shop flickers all night and then goes off", "streetlights"],
  ["Garbage", "Nobody has collected the garbage from our lane for five days and the bins are overflowing", "garbage"],
  ["Waste dumping", "Shopkeepers are dumping waste and plastic bags at the corner of the market every night", "garbage"],
  ["No water", "Taps in our building have been dry since Monday morning, the corporation has not sent any tanker", "water_supply"],
  ["Water quality", "Since yesterday the corporation supply in our kitchen has turned brown with a foul odour", "water_supply"],
  ["Blocked drain", "The roadside drain outside the pharmacy is clogged and black water is spilling across the lane", "drainage"],
  ["Sewage overflow", "Sewage is coming out of the manhole near the temple for two days", "drainage"],
  ["Power cut", "There has been no electricity in our colony since last night, the transformer seems to be faulty", "electricity"],
  ["Voltage problem", "Frequent voltage fluctuations are damaging our appliances, please check the supply", "electricity"],
  ["Tree trimming", "The branches of the big tree outside our gate need pruning, they are touching the windows", "trees_parks"],
  ["Park", "Swings and see-saw in the kids play area of the Sector 21 park are broken, lawn overgrown", "trees_parks"],
  ["Bus stop", "The bus shelter opposite the district hospital is damaged, its roof sheets hang loose and the seating is gone", "public_property"],
  ["Footpath encroachment", "Vendors have encroached the whole footpath outside the station", "public_property"],
  ["Stray dogs", "A pack of stray dogs chases children going to school every morning", "public_safety"],
  ["Unsafe building", "The old building at the corner has big cracks and looks like it could collapse", "public_safety"],
  ["Noise", "Loud music from the banquet hall continues till 2 am every night", "environment"],
  ["Factory smoke", "The factory next to our colony releases black smoke that makes it hard to breathe", "environment"],
  ["Certificate", "Six weeks and still no news on the birth certificate I applied for at the zonal office", "other"],
];

export const MISSPELLED: ReadonlyArray<readonly [string, string, Category]> = [
  ["stret lite", "stret lite not wrking since 1 week near bus stand", "streetlights"],
  ["garbadge", "garbadge not pikked up from our street since 4 days, very smel", "garbage"],
  ["drainge problm", "drainge is overflowing infront of my hous, gutter water on road", "drainage"],
  ["electrisity", "no electrisity since morng, kindly restor the power", "electricity"],
  ["potholl", "huge potholl near sbi atm, two wheelrs slipping daily", "roads"],
  ["watter", "pani nahi aa raha, no watter suply for 3 days", "water_supply"],
];

/** Clear hazards the hazard model must flag. */
export const HAZARDS: ReadonlyArray<readonly [string, string]> = [
  ["Live wire", "An electric wire has snapped and is lying on the road with sparks, people are walking past it"],
  ["Open manhole", "The manhole cover on the main road is missing and the hole is open, someone will fall in tonight"],
  ["Gas leak", "Our whole floor reeks of LPG, we suspect a pipe is leaking in flat 302"],
  ["Tree fell", "A huge tree fell across the road in the storm and is blocking traffic, a car is crushed"],
];

/** Routine reports that are not hazards. */
export const ROUTINE: ReadonlyArray<readonly [string, string]> = [
  ["Garbage", "Please collect the garbage on Tuesday as well, the bins fill up quickly"],
  ["Park", "The grass in the park needs cutting"],
  ["Certificate", "What is the status of my shop licence renewal application?"],
  ["Benches", "Could the benches along the promenade be repainted some time this year"],
];

/** The same kind of fresh, obvious reports in Hindi (Devanagari) and Hinglish. */
export const OBVIOUS_HI: ReadonlyArray<readonly [string, string, Category]> = [
  ["सड़क में गड्ढे", "बैंक के सामने वाली सड़क पर कई गहरे गड्ढे हो गए हैं, गाड़ियां बचकर निकलती हैं", "roads"],
  ["कूड़ा", "पांच दिन से हमारी गली का कूड़ा किसी ने नहीं उठाया, कूड़ेदान भरे पड़े हैं", "garbage"],
  ["पानी नहीं", "सोमवार से हमारी बिल्डिंग के नलों में पानी नहीं आया, कोई टैंकर भी नहीं भेजा", "water_supply"],
  ["बिजली गुल", "कल रात से हमारी कॉलोनी में बिजली नहीं है, लगता है ट्रांसफार्मर खराब है", "electricity"],
  ["नाली जाम", "दवाई की दुकान के बाहर नाली बंद है और काला पानी गली में फैल रहा है", "drainage"],
  ["शोर", "बैंक्वेट हॉल का तेज संगीत हर रात दो बजे तक बजता है", "environment"],
];

export const OBVIOUS_HI_LATN: ReadonlyArray<readonly [string, string, Category]> = [
  ["road me gadde", "bank ke saamne wali sadak pe kai gehre gadde ho gaye, gaadiyan bach ke nikalti hain", "roads"],
  ["street light", "ghar number 221 ke bahar ki street light ek hafte se nahi jali, gali andheri hai", "streetlights"],
  ["kachra", "5 din se hamari gali ka kachra kisi ne nahi uthaya, dustbin bhare pade hain", "garbage"],
  ["paani nahi", "Monday se building ke nal sookhe hain, nigam ne tanker bhi nahi bheja", "water_supply"],
  ["bijli", "kal raat se colony me bijli nahi hai, transformer kharab lag raha hai", "electricity"],
  ["kutte", "aawara kutton ka jhund roz subah school jaate bachon ke peeche bhaagta hai", "public_safety"],
];
