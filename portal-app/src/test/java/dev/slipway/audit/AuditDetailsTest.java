package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Details as key: value lines on the audit pages, not raw JSON. */
class AuditDetailsTest {

    @Test
    void nestedObjectsBecomeDottedKeysAndPlainListsJoinWithCommas() {
        List<AuditDetails.Line> lines = AuditDetails.lines("""
                {"cluster": "local", "order": 2, "requiresApproval": true,
                 "policy": {"maxCpu": "2", "allowedRegistries": ["a.example.com", "b.example.com"], "maxReplicas": null},
                 "error": "", "objects": [{"kind": "Deployment"}, {"kind": "Service"}]}
                """);

        assertThat(lines).extracting(l -> l.key() + ": " + l.value()).containsExactly(
                "cluster: local", "order: 2", "requiresApproval: true", "policy.maxCpu: 2",
                "policy.allowedRegistries: a.example.com, b.example.com", "objects[0].kind: Deployment",
                "objects[1].kind: Service");
    }

    @Test
    void aTableCellGetsTheFirstLinesWithLongValuesCut() {
        List<AuditDetails.Line> lines = AuditDetails.summary("""
                {"comment": "%s", "b": "1", "c": "2"}
                """.formatted("x".repeat(100)), 2, 20);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).value()).hasSize(20).endsWith("…");
        assertThat(AuditDetails.lines("{}")).isEmpty();
        assertThat(AuditDetails.lines(null)).isEmpty();
    }
}
