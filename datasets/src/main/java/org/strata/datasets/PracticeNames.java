package org.strata.datasets;

import java.util.SplittableRandom;

/**
 * Plausible, made-up practice names such as "Riverside Surgery" or "Oakwood Medical Centre, Northfield".
 * About a third carry a comma (a place after the name), so readers must honour CSV quoting.
 */
final class PracticeNames {
    private static final String[] FIRST = {"Riverside", "Oakwood", "Highfield", "Church Street", "Park Lane", "Station Road",
        "The Avenue", "Mill Lane", "Castle", "Meadowbank", "Beechwood", "Elm Tree", "Market Square", "Victoria",
        "Willow Bank", "Springfield", "Abbey", "Bridge Street", "Hillside", "Orchard", "Westgate", "Northgate",
        "Kingsway", "St Mary's", "Greenfields", "Ash Grove", "Canal Side", "Harbour", "Moorland", "Valley"};
    private static final String[] KIND = {"Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Family Practice",
        "Group Practice"};
    private static final String[] PLACE = {"Northfield", "Southbrook", "Eastleigh Vale", "Westmoor", "Upper Ashby", "Lowfield",
        "Kingsbridge", "Marston Green", "Hatherley", "Bramcote", "Fenwick", "Dunmore", "Ravensdale", "Thornbury"};

    private PracticeNames() {
    }

    static String draw(SplittableRandom rng) {
        String name = FIRST[rng.nextInt(FIRST.length)] + " " + KIND[rng.nextInt(KIND.length)];
        return rng.nextInt(3) == 0 ? name + ", " + PLACE[rng.nextInt(PLACE.length)] : name;
    }
}
