package dev.slipway.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The three-way merge of docs/golden-paths.md: old template version, new template version, the service's spec. */
class ThreeWayMergeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static ThreeWayMerge.Result merge(String base, String theirs, String ours, String... enforced) {
        return ThreeWayMerge.merge(json(base), json(theirs), json(ours), List.of(enforced));
    }

    @Test
    void aDefaultTheServiceKeptTakesTheNewValue() {
        var result = merge("{'resources':{'cpuLimit':'1'}}", "{'resources':{'cpuLimit':'2'}}",
                "{'image':'a:1','resources':{'cpuLimit':'1','memoryLimit':'512Mi'}}");
        assertThat(result.clean()).isTrue();
        assertThat(result.merged()).isEqualTo(json("{'image':'a:1','resources':{'cpuLimit':'2','memoryLimit':'512Mi'}}"));
    }

    @Test
    void aDefaultTheServiceChangedKeepsTheServicesValueWithoutConflict() {
        var result = merge("{'resources':{'cpuLimit':'1'}}", "{'resources':{'cpuLimit':'2'}}",
                "{'image':'a:1','resources':{'cpuLimit':'4'}}");
        assertThat(result.clean()).isTrue();
        assertThat(result.merged()).isEqualTo(json("{'image':'a:1','resources':{'cpuLimit':'4'}}"));
    }

    @Test
    void whatTheTemplateDidNotChangeStaysAsTheServiceHasIt() {
        var result = merge("{'replicas':2,'probes':{'readinessPath':'/ready'}}",
                "{'replicas':2,'probes':{'readinessPath':'/ready'},'podDisruptionBudget':{'minAvailable':1}}",
                "{'image':'a:1','replicas':5}");
        assertThat(result.clean()).isTrue();
        assertThat(result.merged()).isEqualTo(json("{'image':'a:1','replicas':5,'podDisruptionBudget':{'minAvailable':1}}"));
    }

    @Test
    void anEnforcedPathTakesTheTemplatesValueEvenWhenTheServiceChangedIt() {
        var result = merge("{'securityContext':{'runAsNonRoot':false,'readOnlyRootFilesystem':false}}",
                "{'securityContext':{'runAsNonRoot':true,'readOnlyRootFilesystem':true}}",
                "{'image':'a:1','securityContext':{'runAsNonRoot':false,'readOnlyRootFilesystem':false}}",
                "securityContext.runAsNonRoot");
        assertThat(result.clean()).isTrue();
        assertThat(result.merged().at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(result.merged().at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();

        var ownDefault = merge("{'securityContext':{'runAsNonRoot':false}}",
                "{'securityContext':{'runAsNonRoot':true,'readOnlyRootFilesystem':true}}",
                "{'image':'a:1','securityContext':{'runAsNonRoot':true,'readOnlyRootFilesystem':false}}",
                "securityContext.runAsNonRoot");
        assertThat(ownDefault.merged().at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .as("a default the service set stays").isFalse();
    }

    @Test
    void anEnforcedPathIsRestoredWhereTheServiceRemovedItsSection() {
        var result = merge("{'securityContext':{'runAsNonRoot':true}}", "{'securityContext':{'runAsNonRoot':true}}",
                "{'image':'a:1'}", "securityContext.runAsNonRoot");
        assertThat(result.clean()).isTrue();
        assertThat(result.merged()).isEqualTo(json("{'image':'a:1','securityContext':{'runAsNonRoot':true}}"));
    }

    @Test
    void aKeyTheNewVersionRemovesIsRemovedWhereTheServiceKeptTheDefaultOnly() {
        var kept = merge("{'config':{'JAVA_OPTS':'-Xmx1g','LOG_LEVEL':'info'}}", "{'config':{'LOG_LEVEL':'info'}}",
                "{'image':'a:1','config':{'JAVA_OPTS':'-Xmx1g','LOG_LEVEL':'debug','OWN':'x'}}");
        assertThat(kept.merged()).isEqualTo(json("{'image':'a:1','config':{'LOG_LEVEL':'debug','OWN':'x'}}"));

        var changed = merge("{'config':{'JAVA_OPTS':'-Xmx1g'}}", "{}",
                "{'image':'a:1','config':{'JAVA_OPTS':'-Xmx2g'}}");
        assertThat(changed.merged()).as("the service's own value stays")
                .isEqualTo(json("{'image':'a:1','config':{'JAVA_OPTS':'-Xmx2g'}}"));

        var whole = merge("{'autoscaling':{'minReplicas':2,'maxReplicas':4}}", "{}",
                "{'image':'a:1','autoscaling':{'minReplicas':2,'maxReplicas':4}}");
        assertThat(whole.merged()).as("a section dropped as a whole goes").isEqualTo(json("{'image':'a:1'}"));
    }

    @Test
    void listsAreValuesTakenWholeOrKeptWhole() {
        String base = "{'securityContext':{'dropCapabilities':['NET_RAW']}}";
        String theirs = "{'securityContext':{'dropCapabilities':['ALL']}}";
        var kept = merge(base, theirs, "{'image':'a:1','securityContext':{'dropCapabilities':['NET_RAW']}}");
        assertThat(kept.merged().at("/securityContext/dropCapabilities")).isEqualTo(json("['ALL']"));

        var own = merge(base, theirs, "{'image':'a:1','securityContext':{'dropCapabilities':['NET_RAW','SYS_ADMIN']}}");
        assertThat(own.clean()).isTrue();
        assertThat(own.merged().at("/securityContext/dropCapabilities")).isEqualTo(json("['NET_RAW','SYS_ADMIN']"));
    }

    @Test
    void aSectionTheServiceRemovedWhileTheTemplateChangesItIsAConflictNotAGuess() {
        var result = merge("{'probes':{'readinessPath':'/ready','port':'http'}}",
                "{'probes':{'readinessPath':'/health/ready','port':'http'}}", "{'image':'a:1'}");
        assertThat(result.clean()).isFalse();
        assertThat(result.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("spec.probes");
            assertThat(c.service()).isNull();
            assertThat(c.templateAfter()).contains("/health/ready");
        });
        assertThat(result.merged()).isEqualTo(json("{'image':'a:1'}"));
    }

    @Test
    void aSectionReplacedByAnotherShapeIsAConflict() {
        var result = merge("{'overrides':{'prod':{'replicas':2}}}", "{'overrides':{'prod':{'replicas':3}}}",
                "{'image':'a:1','overrides':{'prod':'oops'}}");
        assertThat(result.conflicts()).extracting(ThreeWayMerge.Conflict::path).containsExactly("spec.overrides.prod");
    }

    @Test
    void aNewSectionIsAddedAndOneTheServiceAlreadyHadKeepsItsOwnValues() {
        var result = merge("{}", "{'podDisruptionBudget':{'minAvailable':1}}",
                "{'image':'a:1','podDisruptionBudget':{'maxUnavailable':1}}");
        assertThat(result.merged().get("podDisruptionBudget"))
                .isEqualTo(json("{'maxUnavailable':1,'minAvailable':1}"));
        var fresh = merge("{}", "{'podDisruptionBudget':{'minAvailable':1}}", "{'image':'a:1'}");
        assertThat(fresh.merged()).isEqualTo(json("{'image':'a:1','podDisruptionBudget':{'minAvailable':1}}"));
    }

    @Test
    void nullCountsAsAbsentAndNothingChangesWhenTheVersionsAreEqual() {
        var result = merge("{'replicas':2}", "{'replicas':2}", "{'image':'a:1','ingress':null,'replicas':7}");
        assertThat(result.merged()).isEqualTo(json("{'image':'a:1','replicas':7}"));
    }
}
