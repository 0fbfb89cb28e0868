package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures: the spec of docs/architecture.md, valid, to be changed one field at a time. The original design's
 * prod override sets replicas, which autoscaling would ignore; here prod autoscales from 4 instead.
 */
final class Specs {

    static final String DESIGN_EXAMPLE = """
            {
              "image": "registry.example.com/payments/api:1.4.2",
              "replicas": 2,
              "command": [], "args": [],
              "ports": [{"name": "http", "containerPort": 8080, "servicePort": 80}],
              "resources": {"cpuRequest": "250m", "cpuLimit": "1", "memoryRequest": "256Mi", "memoryLimit": "512Mi"},
              "config": {"LOG_LEVEL": "info"},
              "secrets": ["DB_PASSWORD"],
              "ingress": {"host": "payments.example.com", "path": "/", "tls": true},
              "autoscaling": {"minReplicas": 2, "maxReplicas": 10, "cpuUtilization": 70},
              "probes": {"readinessPath": "/ready", "livenessPath": "/live", "port": "http"},
              "overrides": {"prod": {"autoscaling": {"minReplicas": 4}, "config": {"LOG_LEVEL": "warn"},
                                     "ingress": {"host": "payments.acme.io"}}}
            }
            """;

    private Specs() {}

    static ServiceSpec aSpec() {
        return new ServiceSpec("registry.example.com/payments/api:1.4.2", 2, List.of(), List.of(),
                List.of(new ServiceSpec.Port("http", 8080, 80)),
                new ServiceSpec.Resources("250m", "1", "256Mi", "512Mi"),
                Map.of("LOG_LEVEL", "info"),
                List.of("DB_PASSWORD"),
                new ServiceSpec.Ingress("payments.example.com", "/", true),
                new ServiceSpec.Autoscaling(2, 10, 70),
                new ServiceSpec.Probes("/ready", "/live", "http"),
                Map.of("prod", Map.of("autoscaling", Map.of("minReplicas", 4), "config", Map.of("LOG_LEVEL", "warn"),
                        "ingress", Map.of("host", "payments.acme.io"))));
    }

    /** The problems of a spec given as JSON, as the API would report them. */
    static List<FieldProblem> problemsOf(String json) {
        return SpecValidator.validate(SpecReader.read(SpecReader.STRICT.readTree(json), "spec"));
    }
}
