/**
 * Keyword patterns for the optional rules in rules.ts. Indices are positions in CATEGORIES
 * (kept numeric here to avoid an import cycle with classifier.ts).
 */
export const CATEGORY_RULES: ReadonlyArray<readonly [number, RegExp]> = [
  [0, /\b(pothole|speed (breaker|hump)|resurfac\w*|asphalt|tarmac|footpath tiles)\b/], // roads
  [1, /\b(street (light|lamp)|lamp ?post|high mast)\b/], // streetlights
  [2, /\b(garbage|dustbin|waste (collection|not)|dumping|carcass|litter)\b/], // garbage
  [3, /\b(water supply|tap water|drinking water|tanker|no water|low (water )?pressure)\b/], // water_supply
  [4, /\b(drain|drainage|sewage|manhole|waterlogging|water logging|storm water)\b/], // drainage
  [5, /\b(power (cut|outage|supply)|transformer|voltage|load shedding|electricity (bill|meter|supply))\b/], // electricity
  [6, /\b(tree|branches|park|playground|saplings?)\b/], // trees_parks
  [7, /\b(bus (shelter|stop)|public toilet|encroach\w*|graffiti|benches|hoarding|vandal\w*)\b/], // public_property
  [8, /\b(stray dog|dog bite|gas (leak|smell)|chain snatching|police|snake|fire)\b/], // public_safety
  [9, /\b(pollution|noise|loudspeakers?|effluent|smoke|fumes)\b/], // environment
];

export const HAZARD_PATTERN =
  /\b(live wire|electrocut\w*|electric shock|shock|sparks?|sparking|fire(?! (hydrant|noc|extinguishers?|station|exit|safety|brigade number))|flames|gas (leak\w*|smell)|smell of gas|open manhole|manhole (cover|lid) (missing|open)|uncovered|collapsed?|caved in|tree (fell|fallen|uprooted)|fallen tree|injured|accident|drown\w*|bitten|attacked|flooded|entered (our )?(houses|homes)|sewage mixing|diarrhoea|cholera|blast|explosion|snapped)\b/;
