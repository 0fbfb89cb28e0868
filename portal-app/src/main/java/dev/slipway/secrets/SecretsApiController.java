package dev.slipway.secrets;

import dev.slipway.identity.IdentityService;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Secret values over HTTP: values go in, metadata comes out, values never come out. */
@RestController
class SecretsApiController {

    private final SecretsService secrets;
    private final IdentityService identity;

    SecretsApiController(SecretsService secrets, IdentityService identity) {
        this.secrets = secrets;
        this.identity = identity;
    }

    @GetMapping("/api/v1/services/{name}/secrets")
    List<SecretInfo> list(@PathVariable String name) {
        return secrets.list(name);
    }

    @PutMapping("/api/v1/services/{name}/secrets/{key}")
    ResponseEntity<Void> set(@PathVariable String name, @PathVariable String key,
            @RequestParam(required = false) String environment, @RequestBody SecretValueRequest body,
            Principal principal) {
        secrets.set(identity.actor(principal.getName()), name, key, environment, body.value());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/services/{name}/secrets/{key}")
    ResponseEntity<Void> delete(@PathVariable String name, @PathVariable String key,
            @RequestParam(required = false) String environment, Principal principal) {
        secrets.delete(identity.actor(principal.getName()), name, key, environment);
        return ResponseEntity.noContent().build();
    }

    /** Platform admins, after rotating the master key: re-seal everything under the new key. */
    @PostMapping("/api/v1/secrets/reencrypt")
    ReencryptionResult reencrypt(Principal principal) {
        return secrets.reencryptAll(identity.actor(principal.getName()));
    }
}
