package dev.slipway.secrets;

import dev.slipway.common.Actor;
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

    SecretsApiController(SecretsService secrets) {
        this.secrets = secrets;
    }

    @GetMapping("/api/v1/services/{name}/secrets")
    List<SecretInfo> list(@PathVariable String name) {
        return secrets.list(name);
    }

    @PutMapping("/api/v1/services/{name}/secrets/{key}")
    ResponseEntity<Void> set(@PathVariable String name, @PathVariable String key,
            @RequestParam(required = false) String environment, @RequestBody SecretValueRequest body,
            Actor actor) {
        secrets.set(actor, name, key, environment, body.value());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/services/{name}/secrets/{key}")
    ResponseEntity<Void> delete(@PathVariable String name, @PathVariable String key,
            @RequestParam(required = false) String environment, Actor actor) {
        secrets.delete(actor, name, key, environment);
        return ResponseEntity.noContent().build();
    }

    /** Platform admins, after rotating the master key: re-seal everything under the new key. */
    @PostMapping("/api/v1/secrets/reencrypt")
    ReencryptionResult reencrypt(Actor actor) {
        return secrets.reencryptAll(actor);
    }
}
