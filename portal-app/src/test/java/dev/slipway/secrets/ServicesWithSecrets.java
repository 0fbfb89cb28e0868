package dev.slipway.secrets;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.NewService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.identity.IdentityService;
import java.util.List;
import java.util.UUID;

/** Registers a uniquely named service of team payments (as alice) that declares the given secret keys. */
final class ServicesWithSecrets {

    private ServicesWithSecrets() {}

    static String register(CatalogService catalog, IdentityService identity, String... secretKeys) {
        String name = "sec-" + UUID.randomUUID().toString().substring(0, 13);
        ServiceSpec spec = ServiceSpec.ofImage("registry.example.com/payments/" + name + ":1.0.0")
                .withSecrets(List.of(secretKeys));
        catalog.createService(identity.actor("alice"), new NewService(name, "payments", "", null, spec));
        return name;
    }
}
