package org.facialcds.facts;

import java.time.LocalDate;
import java.util.Set;

/**
 * The presenting movement. {@code onsetDate} and {@code durationDays} are both filled when either
 * was given (computed against {@code asOf}); {@code regions} and {@code triggers} are empty when
 * not documented. {@code ageAtOnset} is exact when birth and onset dates are known; from age and
 * duration it is the youngest the patient can have been (age minus the duration rounded up to whole
 * years), so "onset before 40" errs on the safe side; with no duration it is the current age.
 */
public record Twitching(
        Laterality laterality,
        Set<Region> regions,
        Region firstRegion,
        Movement movement,
        LocalDate onsetDate,
        Integer durationDays,
        Integer ageAtOnset,
        Boolean onsetAbrupt,
        Boolean progressive,
        Boolean continuous,
        Boolean persistsInSleep,
        Boolean spreadSinceOnset,
        Boolean sensoryTrick,
        Boolean increasedBlinking,
        Boolean photophobia,
        Boolean canSuppress,
        Boolean premonitoryUrge,
        Boolean browLiftSign,
        Boolean triggeredByVoluntaryMovement,
        Boolean impairedAwareness,
        Boolean spreadsToLimb,
        Boolean distractible,
        Set<Trigger> triggers,
        Boolean painful) implements Fact {

    private static final Set<Region> EYELIDS = Set.of(Region.UPPER_LID, Region.LOWER_LID);
    private static final Set<Region> ORBICULARIS = Set.of(Region.UPPER_LID, Region.LOWER_LID, Region.PERIOCULAR);
    private static final Set<Region> LOWER_FACE = Set.of(Region.CHEEK, Region.PERIORAL, Region.JAW, Region.NECK);
    private static final Set<Region> OROMANDIBULAR = Set.of(Region.PERIORAL, Region.JAW, Region.TONGUE);

    public Twitching {
        regions = regions == null ? Set.of() : Set.copyOf(regions);
        triggers = triggers == null ? Set.of() : Set.copyOf(triggers);
    }

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "Twitching at " + path();
    }

    @Override
    public String path() {
        return "$.twitching";
    }

    @Override
    public String pathOf(String property) {
        return switch (property) {
            case "durationDays" -> "$.twitching.onsetDate";
            case "ageAtOnset" -> "$.age, $.twitching.onsetDate";
            case "unilateral", "bilateral", "side" -> "$.twitching.laterality";
            case "eyelidOnly", "lowerFaceInvolved", "oromandibular", "orbicularisInvolved", "beyondEyelid" ->
                    "$.twitching.regions";
            case "orbicularisFirst" -> "$.twitching.firstRegion";
            default -> "$.twitching." + property;
        };
    }

    /** Whether the laterality is documented as one side. */
    public boolean unilateral() {
        return laterality == Laterality.UNILATERAL_LEFT || laterality == Laterality.UNILATERAL_RIGHT;
    }

    /** Whether the laterality is documented as both sides (synchronous or independent). */
    public boolean bilateral() {
        return laterality == Laterality.BILATERAL_SYNCHRONOUS || laterality == Laterality.BILATERAL_INDEPENDENT;
    }

    /** The twitching side when unilateral, otherwise {@code null}. */
    public Side side() {
        if (laterality == Laterality.UNILATERAL_LEFT) return Side.LEFT;
        if (laterality == Laterality.UNILATERAL_RIGHT) return Side.RIGHT;
        return null;
    }

    /** Every documented region is an eyelid (at least one region documented). */
    public boolean eyelidOnly() {
        return !regions.isEmpty() && EYELIDS.containsAll(regions);
    }

    /** A documented region lies beyond the eyelids. */
    public boolean beyondEyelid() {
        return regions.stream().anyMatch(r -> !EYELIDS.contains(r));
    }

    /** The orbicularis oculi (a lid or the periocular muscle) is involved now. */
    public boolean orbicularisInvolved() {
        return regions.stream().anyMatch(ORBICULARIS::contains);
    }

    /** It started at the orbicularis oculi (§10 rule 8). */
    public boolean orbicularisFirst() {
        return firstRegion != null && ORBICULARIS.contains(firstRegion);
    }

    /** Cheek, mouth, jaw or neck (platysma) are involved. */
    public boolean lowerFaceInvolved() {
        return regions.stream().anyMatch(LOWER_FACE::contains);
    }

    /** Perioral, jaw or tongue involvement: oromandibular dystonia for Meige syndrome (§10 rule 29). */
    public boolean oromandibular() {
        return regions.stream().anyMatch(OROMANDIBULAR::contains);
    }
}
