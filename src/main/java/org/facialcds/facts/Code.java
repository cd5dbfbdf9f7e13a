package org.facialcds.facts;

/**
 * The catalogue of recommendation codes (recommendations.md), with each code's kind, title and
 * default detail, plus the internal reasoning steps the rules share. Codes are never renamed or
 * reused; retire one in CHANGELOG.md instead.
 */
public enum Code {
    // Alerts
    ALERT_SUSPECTED_GBS(Kind.ALERT, "Possible Guillain–Barré syndrome: same-day emergency assessment",
            "Facial twitching or myokymia with limb weakness, areflexia or ascending sensory symptoms."),
    ALERT_ACUTE_NEURO_DEFICIT(Kind.ALERT, "Acute neurological deficit: possible stroke or brainstem lesion",
            "Twitching with acute facial weakness and other acute deficits needs emergency assessment."),
    ALERT_SEIZURE(Kind.ALERT, "Possible focal seizure or epilepsia partialis continua",
            "Rhythmic facial jerking with impaired awareness, spread to a limb, or continuous for hours."),
    ALERT_BONT_DISTANT_SPREAD(Kind.ALERT, "Possible distant spread of botulinum toxin effect",
            "Swallowing, speech or breathing difficulty or generalised weakness after a recent botulinum toxin injection (boxed warning)."),
    ALERT_CORNEAL_EXPOSURE(Kind.ALERT, "Eye cannot close: protect the cornea now",
            "Incomplete eye closure risks corneal exposure and ulceration; start eye protection today."),
    ALERT_RED_FLAGS(Kind.ALERT, "Red flags: this is not the benign pathway",
            "Findings that need urgent specialist assessment (within about 2 weeks) and usually imaging."),

    // Diagnosis hypotheses
    DX_EYELID_MYOKYMIA(Kind.DIAGNOSIS, "Benign eyelid myokymia (hypothesis)",
            "Fine flicker confined to the eyelid with a normal examination: benign and usually self-limited, even when chronic."),
    DX_FACIAL_MYOKYMIA(Kind.DIAGNOSIS, "Facial myokymia: secondary until imaging says otherwise (hypothesis)",
            "Continuous undulating movement beyond the eyelid suggests a brainstem or other neural lesion until proven otherwise."),
    DX_HFS_SUSPECTED(Kind.DIAGNOSIS, "Hemifacial spasm, suspected: secondary cause not yet excluded (hypothesis)",
            "Unilateral spasm starting at the eye and spreading to the lower face; MRI must exclude a secondary cause."),
    DX_HFS_PRIMARY(Kind.DIAGNOSIS, "Primary hemifacial spasm (hypothesis)",
            "Typical hemifacial spasm with an MRI showing no tumour, demyelination or vascular malformation."),
    DX_HFS_SECONDARY(Kind.DIAGNOSIS, "Hemifacial spasm due to a structural or demyelinating lesion (hypothesis)",
            "The benign pathway stops here: the cause is managed by the specialist first."),
    DX_BLEPHAROSPASM_PROVISIONAL(Kind.DIAGNOSIS, "Blepharospasm, provisional: work-up incomplete (hypothesis)",
            "Defazio criteria met; the label stays provisional until the missing work-up is done."),
    DX_BENIGN_ESSENTIAL_BLEPHAROSPASM(Kind.DIAGNOSIS, "Benign essential blepharospasm (hypothesis)",
            "Bilateral synchronous orbicularis oculi spasms with a sensory trick, increased blinking or inability to suppress (Defazio criteria)."),
    DX_MEIGE_PROVISIONAL(Kind.DIAGNOSIS, "Meige syndrome, provisional: work-up incomplete (hypothesis)",
            "Blepharospasm with oromandibular dystonia; the label stays provisional until the missing work-up is done."),
    DX_MEIGE_SYNDROME(Kind.DIAGNOSIS, "Meige syndrome (hypothesis)",
            "Blepharospasm with oromandibular dystonia (jaw, mouth or tongue)."),
    DX_POSTPARALYTIC_SYNKINESIS(Kind.DIAGNOSIS, "Post-paralytic synkinesis (hypothesis)",
            "Movement of one facial region triggered by voluntary movement of another, after a facial palsy on the same side."),
    DX_BELLS_PALSY(Kind.DIAGNOSIS, "Probable acute Bell's palsy (hypothesis)",
            "Acute unilateral facial weakness; the clinician must exclude other causes."),
    DX_TARDIVE_SYNDROME(Kind.DIAGNOSIS, "Tardive (drug-induced) syndrome (hypothesis)",
            "Facial movements after exposure to a dopamine-blocking drug that meets the duration criteria; it replaces the idiopathic labels."),
    DX_TIC_DISORDER(Kind.DIAGNOSIS, "Tic disorder (hypothesis)",
            "Suppressible movements preceded by a premonitory urge."),
    DX_SUSPECTED_FOCAL_SEIZURE(Kind.DIAGNOSIS, "Suspected focal motor seizures (hypothesis)",
            "Rhythmic clonic facial jerking can be a focal seizure or epilepsia partialis continua, not hemifacial spasm."),
    DX_POSSIBLE_FUNCTIONAL(Kind.DIAGNOSIS, "Possible functional facial movement disorder (specialist diagnosis)",
            "Suggested only as a possibility: the diagnosis rests on positive signs judged by a specialist."),
    DX_SUSPECTED_MYASTHENIA(Kind.DIAGNOSIS, "Suspected myasthenia gravis (hypothesis)",
            "Fatigable ptosis or diplopia: avoid botulinum toxin, diazepam and trihexyphenidyl until assessed."),
    DX_STRUCTURAL_LESION(Kind.DIAGNOSIS, "Structural lesion: tumour or other lesion (hypothesis)",
            "A structural cause stops the benign pathway."),
    DX_DEMYELINATION_SUSPECTED(Kind.DIAGNOSIS, "Demyelinating lesions: possible multiple sclerosis (hypothesis)",
            "Suggestive, not diagnostic: the McDonald 2017 criteria must be applied by a neurologist."),
    DX_CPA_LESION_TO_EXCLUDE(Kind.DIAGNOSIS, "Cerebellopontine-angle lesion to be excluded",
            "Twitching with hearing loss, tinnitus or vertigo: image the CPA and internal auditory canal."),

    // Imaging and tests
    IMG_NOT_NEEDED(Kind.IMAGING, "No imaging is indicated now",
            "Come back, or re-examine, if the twitching spreads to other muscles or new symptoms or signs appear."),
    IMG_MRI_HFS_PROTOCOL(Kind.IMAGING, "MRI brain, hemifacial spasm protocol",
            "High-resolution heavily T2-weighted 3D sequences through the facial nerve from root exit zone to internal auditory canal, 3D time-of-flight MRA, with and without gadolinium; posterior fossa and CPA in view; 3 T preferred."),
    IMG_MRI_BRAIN_CONTRAST(Kind.IMAGING, "MRI brain with and without gadolinium",
            "Brainstem, posterior fossa and CPA/internal auditory canal, with 3D FLAIR."),
    IMG_MRI_BRAIN_POLICY(Kind.IMAGING, "MRI brain before a blepharospasm label (local policy)",
            "Blepharospasm is a clinical diagnosis; local policy asks for an MRI before the label is final."),
    IMG_CONFIRM_DEVICE_MR_STATUS(Kind.IMAGING, "Confirm the implant's MR status with radiology or cardiology",
            "Many devices are MR-conditional; confirm before choosing CT."),
    IMG_CT_FALLBACK(Kind.IMAGING, "CT head with contrast and CT angiography (MRI not possible)",
            "CT shows the posterior fossa poorly: a negative CT means a secondary cause is not excluded."),
    TEST_EEG(Kind.TEST, "EEG (ideally video-EEG)", "To confirm or exclude focal seizures."),

    // Referrals
    REF_EMERGENCY(Kind.REFERRAL, "Emergency department now", "Same-day emergency assessment."),
    REF_NEUROLOGY(Kind.REFERRAL, "Neurology referral", null),
    REF_MOVEMENT_DISORDERS(Kind.REFERRAL, "Movement-disorders neurology or oculoplastics referral", null),
    REF_NEUROSURGERY(Kind.REFERRAL, "Neurosurgery referral", null),
    REF_NEURO_ONCOLOGY(Kind.REFERRAL, "Neuro-oncology referral", null),
    REF_NEURO_OPHTHALMOLOGY(Kind.REFERRAL, "Neuro-ophthalmology or oculoplastics referral", null),
    REF_FACIAL_NERVE_REHAB(Kind.REFERRAL, "Facial-nerve rehabilitation service referral", null),
    REF_PRESCRIBER_REVIEW(Kind.REFERRAL, "Review the dopamine-blocking drug with its prescriber",
            "Withdrawal alone has insufficient evidence and may transiently worsen symptoms."),
    REF_PSYCHIATRY(Kind.REFERRAL, "Psychiatry review", null),

    // Treatments
    TX_REASSURANCE(Kind.TREATMENT, "Reassurance with return precautions",
            "Benign and self-limited, even when chronic; no electrolyte tests or unproven cures are needed. Return if it spreads to other facial muscles or new symptoms appear."),
    TX_BOTULINUM_TOXIN(Kind.TREATMENT, "Botulinum toxin injections into the affected muscles",
            "Effect begins in about 3 days, peaks at 1–2 weeks and lasts about 3 months; re-inject no more often than every 3 months. Products are not interchangeable."),
    TX_MVD_CONSULT(Kind.TREATMENT, "Neurosurgical opinion on microvascular decompression",
            "Complete resolution in about 91%; permanent hearing loss 2.3%, permanent facial palsy 0.9%, stroke and death each under 0.1%."),
    TX_MYECTOMY_CONSULT(Kind.TREATMENT, "Oculoplastic opinion on myectomy",
            "For blepharospasm refractory to toxin; check for apraxia of eyelid opening first."),
    TX_FACIAL_RETRAINING(Kind.TREATMENT, "Facial neuromuscular retraining (biofeedback)", "First-line for synkinesis."),
    TX_SELECTIVE_NEURECTOMY_CONSULT(Kind.TREATMENT, "Opinion on selective neurectomy or neurolysis",
            "Only for synkinesis unsatisfactory after retraining and toxin."),
    TX_CORTICOSTEROID_BELLS(Kind.TREATMENT, "Oral corticosteroid within 72 hours of onset",
            "Lowers incomplete recovery and later synkinesis; do not give an antiviral alone."),
    TX_EYE_PROTECTION(Kind.TREATMENT, "Eye protection: lubricants, taping, moisture chamber", null),
    TX_TINTED_LENSES(Kind.TREATMENT, "FL-41 tinted lenses", "Reduce light sensitivity, blink rate and spasm severity."),
    TX_LUBRICANTS(Kind.TREATMENT, "Ocular lubricants and lid hygiene", null),
    TX_BENZODIAZEPINE_SHORT_TERM(Kind.TREATMENT, "Short-term benzodiazepine adjunct (clonazepam)",
            "Second-line; short term only, taper to stop; dependence can develop within days to weeks."),
    TX_TRIHEXYPHENIDYL(Kind.TREATMENT, "Trihexyphenidyl (anticholinergic) for oromandibular dystonia",
            "Second-line; limited by anticholinergic side effects."),
    TX_BACLOFEN(Kind.TREATMENT, "Baclofen", "Second-line, very weak evidence; do not stop abruptly."),
    TX_VMAT2_INHIBITOR(Kind.TREATMENT, "VMAT2 inhibitor (valbenazine or deutetrabenazine)", null),
    TX_CBIT(Kind.TREATMENT, "Psychoeducation, watchful waiting, or CBIT",
            "Comprehensive Behavioral Intervention for Tics has the strongest evidence."),

    // Lifestyle
    LIFESTYLE_CAFFEINE(Kind.LIFESTYLE, "Reduce caffeine", null),
    LIFESTYLE_SLEEP(Kind.LIFESTYLE, "Regular, sufficient sleep", null),
    LIFESTYLE_STRESS(Kind.LIFESTYLE, "Stress reduction", null),
    LIFESTYLE_SCREEN_BREAKS(Kind.LIFESTYLE, "Screen breaks; treat dry eye", null),

    // Vetoes
    AVOID_BOTULINUM_TOXIN(Kind.AVOID, "Avoid botulinum toxin", null),
    AVOID_BENZODIAZEPINE(Kind.AVOID, "Avoid benzodiazepines (diazepam, clonazepam)", null),
    AVOID_TRIHEXYPHENIDYL(Kind.AVOID, "Avoid trihexyphenidyl and other anticholinergics", null),
    AVOID_BACLOFEN(Kind.AVOID, "Avoid baclofen", null),
    AVOID_MVD(Kind.AVOID, "Do not refer for microvascular decompression", null),
    AVOID_ANTIVIRAL_ALONE(Kind.AVOID, "Do not give an antiviral alone for Bell's palsy", null),
    AVOID_REASSURANCE_ONLY(Kind.AVOID, "Do not reassure and discharge: this needs assessment", null),
    AVOID_GADOLINIUM(Kind.AVOID, "Avoid gadolinium contrast", "Use MRI without gadolinium unless contrast clearly changes management."),

    // Missing data
    DATA_NEEDED(Kind.DATA_NEEDED, "Data needed", null),

    // Internal reasoning steps: shared by several rules, never in the result.
    BLEPHAROSPASM_CRITERIA(Kind.INTERNAL, "Blepharospasm criteria met (Defazio)", null),
    HFS_FEATURES(Kind.INTERNAL, "Hemifacial spasm features", null),
    HFS_ATYPICAL(Kind.INTERNAL, "Atypical hemifacial spasm", null),
    BLEPHAROSPASM_ATYPICAL(Kind.INTERNAL, "Atypical blepharospasm", null),
    BLEPHAROSPASM_WORKUP_COMPLETE(Kind.INTERNAL, "The work-up a confident blepharospasm or Meige label needs is complete", null),
    BENIGN_PATHWAY_STOPPED(Kind.INTERNAL, "A structural or demyelinating cause stops the benign pathway", null),
    IMAGING_INDICATED(Kind.INTERNAL, "An imaging study is indicated", null),
    CONSIDERED(Kind.INTERNAL, "A treatment is in play: a candidate, or already taken", null),
    WITHHELD(Kind.INTERNAL, "A suggestion waits for missing data or work-up", null),
    CAUTION(Kind.INTERNAL, "A caution that goes with a suggestion", null);

    private final Kind kind;
    private final String title;
    private final String detail;

    Code(Kind kind, String title, String detail) {
        this.kind = kind;
        this.title = title;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** The default detail, or {@code null}. */
    public String detail() {
        return detail;
    }

    /** Whether this code reaches the result (internal reasoning steps do not). */
    public boolean isPublic() {
        return kind != Kind.INTERNAL;
    }

    /** For an {@code AVOID_…} code, the suggestion it blocks; otherwise {@code null}. */
    public Code blocks() {
        return switch (this) {
            case AVOID_BOTULINUM_TOXIN -> TX_BOTULINUM_TOXIN;
            case AVOID_BENZODIAZEPINE -> TX_BENZODIAZEPINE_SHORT_TERM;
            case AVOID_TRIHEXYPHENIDYL -> TX_TRIHEXYPHENIDYL;
            case AVOID_BACLOFEN -> TX_BACLOFEN;
            case AVOID_MVD -> TX_MVD_CONSULT;
            case AVOID_REASSURANCE_ONLY -> TX_REASSURANCE;
            default -> null;
        };
    }

    /** Whether this suggestion is a drug: drug suggestions wait for the medication list and pregnancy status. */
    public boolean isDrug() {
        return switch (this) {
            case TX_BOTULINUM_TOXIN, TX_CORTICOSTEROID_BELLS, TX_BENZODIAZEPINE_SHORT_TERM, TX_TRIHEXYPHENIDYL,
                    TX_BACLOFEN, TX_VMAT2_INHIBITOR -> true;
            default -> false;
        };
    }
}
