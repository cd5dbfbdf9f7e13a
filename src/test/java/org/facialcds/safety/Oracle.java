package org.facialcds.safety;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facialcds.Evaluation;
import org.facialcds.Recommendation;
import org.facialcds.facts.Code;
import org.facialcds.facts.ConditionName;
import org.facialcds.facts.DrugClass;
import org.facialcds.facts.Finding;
import org.facialcds.facts.ImagingStatus;
import org.facialcds.facts.Kind;
import org.facialcds.facts.Modality;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PolicySettings;
import org.facialcds.facts.Urgency;

/**
 * What the specification says must hold, computed from the validated input facts alone, without the
 * rules: clinical-pathway.md §10 rules 1, 3, 4, 7, 12, 18, 19, 23, 26, 28. The properties compare the
 * engine's result against it.
 */
final class Oracle {

    /** The labels §10 rule 7 calls confident. */
    static final Set<Code> CONFIDENT = EnumSet.of(Code.DX_EYELID_MYOKYMIA, Code.DX_BENIGN_ESSENTIAL_BLEPHAROSPASM,
            Code.DX_MEIGE_SYNDROME, Code.DX_HFS_PRIMARY);

    static final Set<Finding> STRUCTURAL = EnumSet.of(Finding.TUMOUR_CPA, Finding.TUMOUR_BRAINSTEM,
            Finding.VASCULAR_MALFORMATION, Finding.INFARCT, Finding.OTHER_STRUCTURAL);

    private Oracle() {
    }

    static boolean current(PatientFacts p, DrugClass c) {
        return p.medications().stream().anyMatch(m -> m.current() && m.classes().contains(c));
    }

    static boolean has(PatientFacts p, ConditionName... names) {
        Set<ConditionName> wanted = Set.of(names);
        return p.conditions().stream().anyMatch(c -> wanted.contains(c.name()));
    }

    static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    /** A DONE study with a structural finding (any date: a lesion does not go away by being old). */
    static boolean structuralFinding(PatientFacts p) {
        return p.imaging().stream().anyMatch(s -> s.status() == ImagingStatus.DONE
                && s.findings().stream().anyMatch(STRUCTURAL::contains));
    }

    static boolean demyelinationFinding(PatientFacts p) {
        return p.imaging().stream().anyMatch(s -> s.status() == ImagingStatus.DONE
                && s.findings().contains(Finding.DEMYELINATING_LESIONS));
    }

    static boolean knownTumour(PatientFacts p) {
        return has(p, ConditionName.BRAIN_TUMOUR, ConditionName.VESTIBULAR_SCHWANNOMA);
    }

    /**
     * Known MS with new facial myokymia or spasm (§10 rule 12: no benign label): any documented
     * twitching but an eyelid fine flicker.
     */
    static boolean knownMsWithTwitching(PatientFacts p) {
        return has(p, ConditionName.MULTIPLE_SCLEROSIS)
                && p.twitching().movement() != org.facialcds.facts.Movement.FINE_FLICKER
                && (p.twitching().movement() != null || !p.twitching().regions().isEmpty());
    }

    /** An MRI that counts (§10 rule 26): DONE, dated on or after the onset, or undated. */
    static boolean mriCounts(PatientFacts p) {
        return p.imaging().stream().anyMatch(s -> s.modality() == Modality.MRI && s.counts());
    }

    /** Pregnancy status is needed before a drug (§10 rules 7, 23). */
    static boolean pregnancyBlocksDrugs(PatientFacts p) {
        return p.patient().pregnant() == null && p.patient().couldBePregnant();
    }

    /**
     * Every treatment that must not be suggested, with why: the veto reasons of §10 rule 4 (and
     * rule 18: suspected myasthenia counts as myasthenia), rule 3 (no MVD in pregnancy) and rule 28
     * (no reassurance beside an alert).
     */
    static Map<Code, List<String>> vetoed(PatientFacts p, Evaluation e, PolicySettings policy) {
        Map<Code, List<String>> out = new LinkedHashMap<>();
        Integer age = p.patient().age();
        boolean pregnant = isTrue(p.patient().pregnant());
        boolean breastfeeding = isTrue(p.patient().breastfeeding());
        boolean suspectedMg = e.has(Code.DX_SUSPECTED_MYASTHENIA);
        boolean mg = has(p, ConditionName.MYASTHENIA_GRAVIS) || suspectedMg;
        boolean older = age != null && age >= policy.beersAge();

        List<String> toxin = new ArrayList<>();
        if (p.toxinHistory() != null) {
            if (isTrue(p.toxinHistory().hypersensitivity())) toxin.add("hypersensitivity");
            if (isTrue(p.toxinHistory().injectionSiteInfection())) toxin.add("injection-site infection");
            Integer days = p.toxinHistory().daysSinceInjection();
            if (days != null && days < policy.bontMinIntervalDays()) toxin.add("last injection " + days + " days ago");
        }
        if (current(p, DrugClass.AMINOGLYCOSIDE)) toxin.add("current aminoglycoside");
        if (current(p, DrugClass.NEUROMUSCULAR_BLOCKER)) toxin.add("current neuromuscular blocker");
        if (mg || has(p, ConditionName.LAMBERT_EATON, ConditionName.ALS, ConditionName.MOTOR_NEUROPATHY,
                ConditionName.DYSPHAGIA)) {
            toxin.add("neuromuscular disorder or dysphagia");
        }
        if (pregnant) toxin.add("pregnancy");
        if (breastfeeding) toxin.add("breastfeeding");
        put(out, Code.TX_BOTULINUM_TOXIN, toxin);

        List<String> bzd = new ArrayList<>();
        if (current(p, DrugClass.OPIOID)) bzd.add("current opioid");
        if (has(p, ConditionName.SUBSTANCE_USE_DISORDER)) bzd.add("substance use disorder");
        if (older) bzd.add("age " + age);
        if (mg || has(p, ConditionName.OBSTRUCTIVE_SLEEP_APNEA, ConditionName.RESPIRATORY_INSUFFICIENCY,
                ConditionName.SEVERE_HEPATIC_DISEASE, ConditionName.ANGLE_CLOSURE_GLAUCOMA)) {
            bzd.add("contraindicating condition");
        }
        if (pregnant || breastfeeding) bzd.add("pregnancy or breastfeeding");
        if (current(p, DrugClass.BENZODIAZEPINE)) bzd.add("already taking a benzodiazepine");
        put(out, Code.TX_BENZODIAZEPINE_SHORT_TERM, bzd);

        List<String> thp = new ArrayList<>();
        if (e.has(Code.DX_TARDIVE_SYNDROME)) thp.add("tardive syndrome");
        if (mg || has(p, ConditionName.ANGLE_CLOSURE_GLAUCOMA)) thp.add("angle-closure glaucoma or myasthenia");
        if (older) thp.add("age " + age);
        put(out, Code.TX_TRIHEXYPHENIDYL, thp);

        if (older && p.patient().egfr() != null && p.patient().egfr() < policy.baclofenEgfrCutoff()) {
            put(out, Code.TX_BACLOFEN, List.of("age " + age + " with eGFR " + p.patient().egfr()));
        }
        if (pregnant) put(out, Code.TX_MVD_CONSULT, List.of("pregnancy"));
        if (e.recommendations().stream().anyMatch(r -> r.kind() == Kind.ALERT)) {
            put(out, Code.TX_REASSURANCE, List.of("an alert"));
        }
        return out;
    }

    private static void put(Map<Code, List<String>> out, Code code, List<String> reasons) {
        if (!reasons.isEmpty()) out.put(code, reasons);
    }

    /** Why a confident label must not appear, or an empty list (§10 rules 1, 12, 26; design "benign pathway"). */
    static List<String> confidentLabelBlockers(PatientFacts p, Code label, PolicySettings policy) {
        List<String> why = new ArrayList<>();
        if (structuralFinding(p)) why.add("structural lesion on imaging");
        if (demyelinationFinding(p)) why.add("demyelinating lesions on imaging");
        if (knownTumour(p)) why.add("known brain tumour or vestibular schwannoma");
        if (knownMsWithTwitching(p)) why.add("known multiple sclerosis with new twitching");
        boolean needsMri = label == Code.DX_HFS_PRIMARY
                || ((label == Code.DX_BENIGN_ESSENTIAL_BLEPHAROSPASM || label == Code.DX_MEIGE_SYNDROME)
                && policy.requireImagingBeforeBebLabel());
        if (needsMri && !mriCounts(p)) {
            boolean ct = p.imaging().stream().anyMatch(s -> s.modality() == Modality.CT
                    && s.status() == ImagingStatus.DONE);
            why.add(ct ? "CT-only work-up (no MRI DONE since onset)" : "no MRI DONE since onset");
        }
        return why;
    }

    static List<String> alertProblems(Evaluation e) {
        List<String> broken = new ArrayList<>();
        for (Recommendation r : e.recommendations()) {
            if (r.kind() != Kind.ALERT) continue;
            if (!e.has(Code.AVOID_REASSURANCE_ONLY)) broken.add(r.code() + " without AVOID_REASSURANCE_ONLY");
            if (r.urgency() == Urgency.EMERGENCY && !e.has(Code.REF_EMERGENCY)) {
                broken.add(r.code() + " (EMERGENCY) without REF_EMERGENCY");
            }
        }
        return broken;
    }
}
