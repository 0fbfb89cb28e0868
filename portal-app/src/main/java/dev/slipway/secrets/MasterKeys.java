package dev.slipway.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The current master key, which seals every new value, and the previous ones, which are only still
 * accepted for opening values sealed before a rotation.
 */
final class MasterKeys {

    private final MasterKey current;
    private final Map<String, MasterKey> byId;

    MasterKeys(MasterKey current, List<MasterKey> previous) {
        this.current = current;
        Map<String, MasterKey> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        previous.forEach(key -> keys.putIfAbsent(key.id(), key));
        this.byId = Map.copyOf(keys);
    }

    MasterKey current() {
        return current;
    }

    Optional<MasterKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Set<String> ids() {
        return byId.keySet();
    }

    @Override
    public String toString() {
        return "MasterKeys[current=" + current.id() + ", accepted=" + byId.keySet() + "]";
    }
}
