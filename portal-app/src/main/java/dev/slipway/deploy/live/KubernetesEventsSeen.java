package dev.slipway.deploy.live;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * The Kubernetes events the live-state cache holds about a synced service in an environment, as the holder of
 * the cluster's lease saw them when the pair last changed: the newest ones, oldest first, already compact (no
 * managed fields). Published outside any transaction, from the thread that compares the pair; a listener keeps
 * what it wants of them (the timeline stores them, docs/observe-timeline.md). The objects must not be changed.
 */
public record KubernetesEventsSeen(long serviceId, long environmentId, List<JsonObject> events) {}
