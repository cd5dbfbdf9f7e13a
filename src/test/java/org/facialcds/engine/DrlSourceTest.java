package org.facialcds.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrlSourceTest {

    private static final String DRL = """
            // a comment with rule "not a rule" when then end
            package vetoes;

            import org.facialcds.facts.*;
            import function org.facialcds.facts.Conclusions.conclude;

            /* block comment: salience 10 */
            rule "A drug suggestion waits for the data it needs"
                @id("DATA-HOLD-01") @evidence("§10 rule 7: \\"quoted\\" text; eval(x)")
                @policy("beersAge")
                salience 10
            when
                $tx : Conclusion(kind == Kind.TREATMENT, drug == true)
                not Conclusion(code == Code.DATA_NEEDED,
                               field == "$.medications" || field == "$.pregnant")
                exists Medication(current == true)
                History(priorEyelidSurgery == true) or Condition(name == ConditionName.SEVERE_DRY_EYE)
                Conclusion(code == Code.DX_HFS_SUSPECTED) from $tx.premises
                PolicySettings($b : beersAge)
                eval($b > 3)
            then
                insertLogical(about(kcontext, Code.WITHHELD, $tx.code()));
                insertLogical(dataNeeded(kcontext, "$.x, y"));
                System.out.println("hi");
            end

            rule "Second" @id("X-2") @evidence("e")
            when
                ( Exam(documented == true) or Patient(age > 3) )
            then
                insertLogical(conclude(kcontext, Code.NO_SUCH_CODE, Reason.BEERS));
            end
            """;

    private static DrlSource parse(String text) {
        return DrlSource.parse(new RuleFile("rules/vetoes/x.drl", text));
    }

    @Test
    void whenParsed_thenPackageRulesAndMetadataHaveTheirLines() {
        DrlSource s = parse(DRL);

        assertThat(s.packageName()).isEqualTo("vetoes");
        assertThat(s.packageLine()).isEqualTo(2);
        assertThat(s.imports()).hasSize(2);
        assertThat(s.rules()).extracting(DrlSource.Rule::name)
                .containsExactly("A drug suggestion waits for the data it needs", "Second");
        DrlSource.Rule r = s.rules().get(0);
        assertThat(r.line()).isEqualTo(8);
        assertThat(r.id()).isEqualTo("DATA-HOLD-01");
        assertThat(r.meta("evidence")).isEqualTo("§10 rule 7: \"quoted\" text; eval(x)");
        assertThat(r.metadata().get("policy").line()).isEqualTo(10);
        assertThat(r.attributes()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("salience");
            assertThat(a.line()).isEqualTo(11);
        });
    }

    @Test
    void whenTheWhenBlockIsSplit_thenEachTopLevelElementKeepsItsPrefixOrAndFrom() {
        DrlSource.Rule r = parse(DRL).rules().get(0);

        assertThat(r.elements()).extracting(DrlSource.Element::kind).containsExactly(
                DrlSource.ElementKind.PATTERN, DrlSource.ElementKind.NOT, DrlSource.ElementKind.EXISTS,
                DrlSource.ElementKind.PATTERN, DrlSource.ElementKind.PATTERN, DrlSource.ElementKind.PATTERN,
                DrlSource.ElementKind.EVAL);
        assertThat(r.elements()).extracting(DrlSource.Element::line).containsExactly(13, 14, 16, 17, 18, 19, 20);
        assertThat(r.elements().get(1).text()).startsWith("not Conclusion(").endsWith("field == \"$.pregnant\")");
        assertThat(r.elements().get(1).positiveText()).startsWith("Conclusion(");
        assertThat(r.elements().get(3).patterns()).extracting(DrlSource.PatternText::type).containsExactly("History", "Condition");
        assertThat(r.elements().get(4).text()).endsWith("from $tx.premises");
        assertThat(r.elements().get(0).patterns().get(0).binding()).isEqualTo("$tx");
        assertThat(parse(DRL).rules().get(1).elements()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DrlSource.ElementKind.GROUP);
            assertThat(e.patterns()).extracting(DrlSource.PatternText::type).containsExactly("Exam", "Patient");
        });
    }

    @Test
    void whenTheConsequenceIsRead_thenHelperCallsCodesAndForbiddenCallsAreFound() {
        DrlSource s = parse(DRL);
        DrlSource.Rule r = s.rules().get(0);

        assertThat(r.calls()).extracting(DrlSource.Call::function).containsExactly("about", "dataNeeded");
        assertThat(r.calls().get(0).arguments()).containsExactly("kcontext", "Code.WITHHELD", "$tx.code()");
        assertThat(r.calls().get(1).argument(1)).isEqualTo("\"$.x, y\"");
        assertThat(r.forbidden()).extracting(DrlSource.Metadata::name).containsExactly("eval", "System.out");
        assertThat(r.forbidden()).extracting(DrlSource.Metadata::line).containsExactly(20, 24);
        assertThat(r.policyReads()).extracting(DrlSource.Metadata::name).contains("beersAge");
        assertThat(s.rules().get(1).codes()).filteredOn(DrlSource.CodeRef::inConsequence)
                .extracting(DrlSource.CodeRef::name).containsExactly("NO_SUCH_CODE");
    }

    @Test
    void whenRulesAreRemoved_thenTheHeaderKeepsItsLines() {
        DrlSource s = parse(DRL);

        String header = s.withoutRules();
        assertThat(header).contains("package vetoes;").contains("import function").doesNotContain("rule \"Second\"");
        assertThat(header.lines().count()).isEqualTo(DRL.lines().count());
    }

    @Test
    void whenEveryBundledRuleIsParsed_thenEachHasAnIdAndConditions() {
        RuleFiles files = RuleFiles.fromDirectory(Path.of("rules"));
        List<DrlSource.Rule> rules = files.drl().stream().map(DrlSource::parse).flatMap(s -> s.rules().stream()).toList();
        KnowledgeBase kb = KnowledgeBase.compile(files);

        assertThat(rules).hasSize(kb.rules().size());
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.id()).isNotBlank();
            assertThat(r.elements()).as(r.id()).isNotEmpty();
            assertThat(r.elements()).as(r.id()).noneMatch(e -> e.kind() == DrlSource.ElementKind.OTHER);
        });
    }
}
