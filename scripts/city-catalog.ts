import type { Category } from "@/shared/report-catalog";

/**
 * What the seeded city is made of (scripts/seed-city.ts), and the handles the city bench scenarios
 * find it by (bench/city-scenarios.ts). No server imports: the bench reads it too.
 */

/** The citizen with 500 reports ("my reports" at scale). Not an E.164 number any seeded citizen holds. */
export const PROLIFIC_CITIZEN_PHONE = "+919000000500";
export const PROLIFIC_REPORTS = 500;

/** Seeded citizens are +91 7 followed by their number on nine digits: valid Indian mobiles, one each. */
export const CITIZEN_PHONE_PREFIX = "+917";

/** How often each category is filed city-wide (weights, summed to 1 in the seed). */
export const CATEGORY_WEIGHTS: [Category, number][] = [
  ["roads", 25],
  ["garbage", 18],
  ["streetlights", 12],
  ["drainage", 10],
  ["water_supply", 10],
  ["electricity", 6],
  ["trees_parks", 6],
  ["public_property", 5],
  ["public_safety", 4],
  ["environment", 3],
  ["other", 1],
];

export const SEVERITY_WEIGHTS: [string, number][] = [
  ["low", 30],
  ["medium", 45],
  ["high", 20],
  ["critical", 5],
];

/**
 * Where a report stands by its age: statuses and their cumulative shares. Old reports are mostly
 * resolved; the last days hold most of what is still open, including the few not yet triaged.
 */
export const STATUS_BY_AGE: { maxAgeDays: number | null; shares: [string, number][] }[] = [
  { maxAgeDays: 2, shares: [["submitted", 20], ["under_review", 30], ["acknowledged", 25], ["in_progress", 15], ["resolved", 5], ["rejected", 3], ["duplicate", 2]] },
  { maxAgeDays: 30, shares: [["under_review", 25], ["acknowledged", 25], ["in_progress", 20], ["resolved", 18], ["rejected", 6], ["duplicate", 6]] },
  { maxAgeDays: 365, shares: [["under_review", 5], ["acknowledged", 10], ["in_progress", 15], ["resolved", 55], ["rejected", 8], ["duplicate", 7]] },
  { maxAgeDays: null, shares: [["under_review", 1], ["acknowledged", 1], ["in_progress", 2], ["resolved", 86], ["rejected", 6], ["duplicate", 4]] },
];

/** Titles a citizen gives, by category, and the description that goes with each. */
export const TITLES: Record<Category, [string, string][]> = {
  roads: [
    ["Deep pothole", "A pothole about a metre wide; two-wheelers swerve into traffic to avoid it."],
    ["Speed breaker without markings", "A speed breaker with no paint or sign; cars hit it hard at night."],
    ["Road caved in", "Part of the road has sunk and traffic squeezes past the hole."],
    ["Potholes all along the road", "The whole stretch is broken up after the rains; buses crawl through."],
  ],
  streetlights: [
    ["Streetlights out", "Several lights in a row have been off for a week; the road is dark after 7 pm."],
    ["Streetlight on all day", "The light stays on in daylight."],
    ["Flickering streetlight", "The light flickers all night and goes off for minutes at a time."],
  ],
  garbage: [
    ["Garbage not collected", "Bins are overflowing; the collection truck has not come for days."],
    ["Garbage burnt in the open", "Someone burns garbage every evening; the smoke fills nearby homes."],
    ["Litter piling up", "Plastic and food waste pile up by the afternoon."],
  ],
  water_supply: [
    ["No water supply", "No municipal water for three days; tankers are expensive."],
    ["Pipe leaking on the road", "Clean water gushes from a broken pipe and floods the road."],
    ["Low water pressure", "Water barely trickles in the mornings in the whole block."],
  ],
  drainage: [
    ["Open drain without a cover", "The slab over the drain has broken; children walk right beside it."],
    ["Sewage overflowing", "The manhole overflows after every rain and the smell is unbearable."],
    ["Storm drain blocked", "The storm drain is full of silt and water pools for days."],
  ],
  electricity: [
    ["Live wire hanging low", "A cable hangs at head height after the storm; it sparks when wet."],
    ["Transformer making loud noises", "The transformer buzzes loudly and smells of burning at night."],
    ["Junction box door open", "The door of the electric junction box is hanging open."],
  ],
  trees_parks: [
    ["Branch about to fall", "A large dead branch hangs over the road and sways in the wind."],
    ["Park benches broken", "Benches in the park are broken and have sharp edges."],
    ["Fallen tree blocking the lane", "A tree fell in the night and blocks half of the lane."],
  ],
  public_property: [
    ["Bus shelter roof broken", "The roof sheets of the bus shelter blew away; no shade or rain cover now."],
    ["Graffiti on the wall", "The wall was spray-painted over the weekend."],
    ["Footpath tiles missing", "Tiles are missing along the footpath; people walk on the road."],
  ],
  public_safety: [
    ["Stray dogs chasing children", "A pack of dogs chases children every morning."],
    ["Manhole open in the road", "An uncovered manhole in the middle of the road; a scooter already fell in."],
  ],
  environment: [
    ["Construction dust all day", "The site runs without covers and dust settles on everything."],
    ["Foam on the lake", "The lake is covered in white foam and dead fish wash up on the shore."],
    ["Loudspeakers late at night", "Loudspeakers play past midnight on weekends."],
  ],
  other: [["Wrong street name on the signboard", "The new signboard shows the wrong street name; deliveries get lost."]],
};

/** Places a title and an address name. */
export const PLACES = [
  "the bus stop", "the metro station", "the market", "the school gate", "the temple", "the lake path", "the railway underpass",
  "the hospital", "the park", "the community hall", "the library", "the water tank", "the flyover", "the junction", "the church",
  "the mosque", "the post office", "the police station", "the college", "the stadium", "the bus depot", "the vegetable market",
  "12th Main", "4th Cross", "8th Main", "2nd Main", "100 Feet Road", "Ring Road", "the old airport road", "the main road",
];

export const FIRST_NAMES = ["Meera", "Karthik", "Fatima", "Joseph", "Lakshmi", "Arjun", "Priya", "Imran", "Divya", "Suresh", "Anita", "Rahul", "Kavya", "Vikram", "Nisha", "Ravi"];
