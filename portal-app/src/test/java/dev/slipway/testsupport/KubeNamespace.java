package dev.slipway.testsupport;

import io.kubernetes.client.openapi.ApiClient;

/** A namespace of the shared test API server that belongs to one test method. */
public record KubeNamespace(String name, ApiClient client, KubeCluster cluster) {}
