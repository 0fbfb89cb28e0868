package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a spec; a pure function shared by forms and the API. Every problem names its field by
 * its JSON path under {@code spec} and says what would be accepted. Each environment override is
 * merged over the base ({@link SpecMerge}) and the result checked too, with its problems named
 * under {@code spec.overrides.<environment>}.
 */
public final class SpecValidator {

    /** What one request can carry (the web layer refuses bodies over 1 MiB). */
    static final int MAX_SERIALIZED_BYTES = 1024 * 1024;
    static final int MAX_REPLICAS = 1000;
    static final int MAX_IMAGE_LENGTH = 512;
    static final int MAX_COMMAND_ITEMS = 50;
    static final int MAX_COMMAND_ITEM_LENGTH = 4096;
    static final int MAX_CONFIG_KEYS = 100;
    static final int MAX_CONFIG_VALUE_BYTES = 64 * 1024;
    static final int MAX_CONFIG_TOTAL_BYTES = 512 * 1024;
    static final int MAX_SECRETS = 100;
    static final int MAX_CONFIG_FILES = 50;
    static final int MAX_CONFIG_FILE_BYTES = 256 * 1024;
    /** A ConfigMap holds at most 1 MiB: config values, file contents and their keys together. */
    static final int MAX_CONFIG_MAP_BYTES = 1024 * 1024;
    static final int MAX_FILE_PATH = 240;
    static final int MAX_KEY_LENGTH = 253;
    static final int MAX_HTTP_PATH = 256;

    /**
     * Problems about a config or secret key (rather than its value) start with this, so that a form
     * can show them next to the key.
     */
    static final String KEY_PROBLEM = "key ";

    /** Docker reference grammar (distribution/reference), with lowercase repository path components. */
    private static final Pattern IMAGE;

    static {
        String domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        String host = "(?:" + domainComponent + "(?:\\." + domainComponent + ")*|\\[[a-fA-F0-9:]+\\])";
        String domain = host + "(?::[0-9]+)?";
        String pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        String name = "(?:" + domain + "/)?" + pathComponent + "(?:/" + pathComponent + ")*";
        IMAGE = Pattern.compile(name + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    }

    private static final String IMAGE_RULE = "must be an image reference such as registry.example.com/team/app:1.4.2: "
            + "an optional registry host[:port]/, lowercase path components (letters, digits, and '.', '_' or '-' "
            + "between them), then an optional :tag (1-128 letters, digits, '_', '.', '-'; not starting with '.' or '-') "
            + "and/or @sha256: with 64 hex digits; at most " + MAX_IMAGE_LENGTH + " characters";

    /** IANA_SVC_NAME, as Kubernetes requires for port names. */
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    /** Keys become environment variables (envFrom), so they must be C identifiers. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String ENV_NAME_RULE = "must be an environment variable name: letters, digits and '_', "
            + "not starting with a digit, at most " + MAX_KEY_LENGTH + " characters (such as LOG_LEVEL)";

    /**
     * A metrics path: '/' then RFC 3986 path characters (unreserved, percent-escapes, sub-delims, ':' and
     * '@'). No '?' or '#': Prometheus takes the path alone ({@code __metrics_path__}).
     */
    private static final Pattern METRICS_PATH = Pattern.compile("/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NO_WHITESPACE = Pattern.compile("\\S*");
    private static final Pattern CAPABILITY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_CAPABILITIES = 40;

    private SpecValidator() {}

    public static List<FieldProblem> validate(ServiceSpec spec) {
        return validate(spec, Set.of());
    }

    /**
     * Problems of a spec read from JSON: what could not be read, and the rules for everything that
     * could. Rules about an unreadable field are skipped, so {@code replicas: "many"} is reported once.
     */
    static List<FieldProblem> validate(SpecReader.Result read) {
        List<FieldProblem> problems = new ArrayList<>(read.problems());
        if (read.spec() != null) {
            problems.addAll(validate(read.spec(), read.unreadable()));
        }
        return problems;
    }

    private static List<FieldProblem> validate(ServiceSpec spec, Set<String> unreadable) {
        List<FieldProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new FieldProblem("spec", "is required: a JSON object with at least an image"));
            return problems;
        }
        int size = SpecReader.STRICT.writeValueAsBytes(spec).length;
        if (size > MAX_SERIALIZED_BYTES) {
            problems.add(new FieldProblem("spec", "must be at most 1 MiB when serialized (it is "
                    + (size + 1023) / 1024 + " KiB)"));
        }
        List<FieldProblem> base = validateEffective(spec, "spec", unreadable);
        problems.addAll(base);
        validateOverrides(spec, base, problems);
        return problems;
    }

    /**
     * The rules for one effective spec (no overrides), naming fields under {@code prefix}. Fields that
     * could not be read are null in {@code spec}; rules that would misread that as "absent" are skipped.
     */
    private static List<FieldProblem> validateEffective(ServiceSpec spec, String prefix, Set<String> unreadable) {
        Rules rules = new Rules(prefix);
        if (!unreadable.contains("image")) {
            image(spec.image(), rules);
        }
        boolean portsKnown = !unreadable.contains("ports");
        if (spec.replicas() != null && (spec.replicas() < 0 || spec.replicas() > MAX_REPLICAS)) {
            rules.add("replicas", "must be between 0 and " + MAX_REPLICAS + " (it is " + spec.replicas() + ")");
        }
        commandLine(spec.command(), "command", rules);
        commandLine(spec.args(), "args", rules);
        ports(spec.ports(), rules);
        resources(spec.resources(), rules);
        config(spec.config(), rules);
        configFiles(spec.configFiles(), spec.config(), rules);
        secrets(spec.secrets(), spec.config(), rules);
        ingress(spec.ingress(), spec.ports(), portsKnown, rules);
        autoscaling(spec.autoscaling(), rules);
        probes(spec.probes(), spec.ports(), portsKnown, rules);
        monitoring(spec.monitoring(), spec.ports(), portsKnown, rules);
        securityContext(spec.securityContext(), rules);
        podDisruptionBudget(spec.podDisruptionBudget(), rules);
        return rules.problems;
    }

    private static void image(String image, Rules rules) {
        if (image == null || image.isBlank()) {
            rules.add("image", "is required: " + IMAGE_RULE.substring("must be ".length()));
        } else if (image.length() > MAX_IMAGE_LENGTH || !IMAGE.matcher(image).matches()) {
            boolean uppercasePath = image.length() <= MAX_IMAGE_LENGTH
                    && !image.equals(image.toLowerCase(java.util.Locale.ROOT))
                    && IMAGE.matcher(lowercaseRepository(image)).matches();
            rules.add("image", uppercasePath
                    ? "must have a lowercase repository path (" + lowercaseRepository(image) + " would be accepted)"
                    : IMAGE_RULE);
        }
    }

    /** The reference with its repository path lowercased, keeping registry host and tag as written. */
    private static String lowercaseRepository(String image) {
        int digest = image.indexOf('@');
        String name = digest < 0 ? image : image.substring(0, digest);
        String rest = digest < 0 ? "" : image.substring(digest);
        int lastSlash = name.lastIndexOf('/');
        int tagColon = name.indexOf(':', lastSlash + 1);
        String tag = tagColon < 0 ? "" : name.substring(tagColon);
        String repository = tagColon < 0 ? name : name.substring(0, tagColon);
        int firstSlash = repository.indexOf('/');
        String first = firstSlash < 0 ? "" : repository.substring(0, firstSlash);
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        String path = hasRegistry ? repository.substring(firstSlash) : repository;
        return (hasRegistry ? first : "") + path.toLowerCase(java.util.Locale.ROOT) + tag + rest;
    }

    private static void commandLine(List<String> items, String field, Rules rules) {
        if (items.size() > MAX_COMMAND_ITEMS) {
            rules.add(field, "must have at most " + MAX_COMMAND_ITEMS + " items (it has " + items.size() + ")");
        }
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (item == null) {
                rules.add(SpecPaths.index(field, i), "must be a string (use \"\" for an empty argument)");
            } else if (item.length() > MAX_COMMAND_ITEM_LENGTH) {
                rules.add(SpecPaths.index(field, i), "must be at most " + MAX_COMMAND_ITEM_LENGTH + " characters");
            }
        }
    }

    private static void ports(List<ServiceSpec.Port> ports, Rules rules) {
        Map<String, Integer> names = new HashMap<>();
        Map<Integer, Integer> containerPorts = new HashMap<>();
        Map<Integer, Integer> servicePorts = new HashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            String at = SpecPaths.index("ports", i);
            ServiceSpec.Port port = ports.get(i);
            if (port == null) {
                rules.add(at, "must be an object with name, containerPort and optionally servicePort");
                continue;
            }
            if (port.name() == null || port.name().isEmpty()) {
                rules.add(at + ".name", "is required: " + portNameRule());
            } else if (!validPortName(port.name())) {
                rules.add(at + ".name", "must be " + portNameRule());
            } else {
                Integer first = names.putIfAbsent(port.name(), i);
                if (first != null) {
                    rules.add(at + ".name", "must be unique: '" + port.name() + "' is also the name of ports[" + first + "]");
                }
            }
            if (port.containerPort() == null) {
                rules.add(at + ".containerPort", "is required: the port the container listens on, 1-65535");
            } else if (!validPortNumber(port.containerPort())) {
                rules.add(at + ".containerPort", "must be a port number between 1 and 65535");
            } else {
                Integer first = containerPorts.putIfAbsent(port.containerPort(), i);
                if (first != null) {
                    rules.add(at + ".containerPort", "must be unique: " + port.containerPort()
                            + " is also the containerPort of ports[" + first + "]");
                }
            }
            if (port.servicePort() != null) {
                if (!validPortNumber(port.servicePort())) {
                    rules.add(at + ".servicePort", "must be a port number between 1 and 65535, or absent to keep "
                            + "the port inside the pod");
                } else {
                    Integer first = servicePorts.putIfAbsent(port.servicePort(), i);
                    if (first != null) {
                        rules.add(at + ".servicePort", "must be unique: " + port.servicePort()
                                + " is also the servicePort of ports[" + first + "]");
                    }
                }
            }
        }
    }

    static boolean validPortName(String name) {
        return PORT_NAME.matcher(name).matches() && HAS_LETTER.matcher(name).matches() && !name.contains("--");
    }

    private static String portNameRule() {
        return "a port name (IANA service name): 1-15 lowercase letters, digits or '-', with at least one letter, "
                + "not starting or ending with '-' and without '--' (such as http or grpc-web)";
    }

    private static boolean validPortNumber(int port) {
        return port >= 1 && port <= 65535;
    }

    private static void resources(ServiceSpec.Resources resources, Rules rules) {
        if (resources == null) {
            return;
        }
        Optional<Quantity> cpuRequest = cpu(resources.cpuRequest(), "resources.cpuRequest", rules);
        Optional<Quantity> cpuLimit = cpu(resources.cpuLimit(), "resources.cpuLimit", rules);
        Optional<Quantity> memoryRequest = memory(resources.memoryRequest(), "resources.memoryRequest", rules);
        Optional<Quantity> memoryLimit = memory(resources.memoryLimit(), "resources.memoryLimit", rules);
        if (cpuRequest.isPresent() && cpuLimit.isPresent() && cpuRequest.get().compareTo(cpuLimit.get()) > 0) {
            rules.add("resources.cpuRequest", "CPU request must not exceed the CPU limit (" + cpuRequest.get() + " > "
                    + cpuLimit.get() + ")");
        }
        if (memoryRequest.isPresent() && memoryLimit.isPresent()
                && memoryRequest.get().compareTo(memoryLimit.get()) > 0) {
            rules.add("resources.memoryRequest", "Memory request must not exceed the memory limit (" + memoryRequest.get() + " > "
                    + memoryLimit.get() + ")");
        }
    }

    private static Optional<Quantity> cpu(String text, String field, Rules rules) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Quantity> quantity = Quantity.parse(text);
        String rule = "must be a CPU quantity greater than zero in cores or millicores, such as 250m, 0.5, 1 or 2";
        if (quantity.isEmpty() || quantity.get().binary()) {
            rules.add(field, rule);
            return Optional.empty();
        }
        if (!quantity.get().positive()) {
            rules.add(field, rule);
            return Optional.empty();
        }
        if (quantity.get().value().multiply(BigDecimal.valueOf(1000)).stripTrailingZeros().scale() > 0) {
            rules.add(field, "must be a whole number of millicores (1m = 0.001 cores is the smallest step), such as 250m");
            return Optional.empty();
        }
        return quantity;
    }

    private static Optional<Quantity> memory(String text, String field, Rules rules) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Quantity> quantity = Quantity.parse(text);
        String rule = "must be a memory quantity greater than zero, such as 128Mi, 1Gi, 512M, 1e9 or a number of bytes "
                + "(Ki, Mi, Gi, Ti are powers of 1024; k, M, G, T powers of 1000)";
        if (quantity.isEmpty() || !quantity.get().positive()) {
            rules.add(field, rule);
            return Optional.empty();
        }
        if (quantity.get().milli()) {
            rules.add(field, rule + "; 'm' would mean thousandths of a byte: did you mean Mi?");
            return Optional.empty();
        }
        return quantity;
    }

    private static void config(Map<String, String> config, Rules rules) {
        if (config.size() > MAX_CONFIG_KEYS) {
            rules.add("config", "must have at most " + MAX_CONFIG_KEYS + " keys (it has " + config.size() + ")");
        }
        long total = 0;
        for (Map.Entry<String, String> entry : config.entrySet()) {
            String at = SpecPaths.child("config", entry.getKey());
            if (!validKey(entry.getKey())) {
                rules.add(at, KEY_PROBLEM + ENV_NAME_RULE);
            }
            if (entry.getValue() == null) {
                rules.add(at, "must be a string (use \"\" for an empty value, or leave the key out)");
                continue;
            }
            int bytes = entry.getValue().getBytes(StandardCharsets.UTF_8).length;
            total += bytes;
            if (bytes > MAX_CONFIG_VALUE_BYTES) {
                rules.add(at, "must be at most 64 KiB (it is " + (bytes + 1023) / 1024 + " KiB); "
                        + "put larger files in the image or an external store");
            }
        }
        if (total > MAX_CONFIG_TOTAL_BYTES) {
            rules.add("config", "values must add up to at most 512 KiB (they are " + (total + 1023) / 1024 + " KiB)");
        }
    }

    private static void configFiles(List<ServiceSpec.ConfigFile> files, Map<String, String> config, Rules rules) {
        if (files.size() > MAX_CONFIG_FILES) {
            rules.add("configFiles", "must have at most " + MAX_CONFIG_FILES + " files (it has " + files.size() + ")");
        }
        Map<String, Integer> paths = new HashMap<>();
        Map<String, Integer> keys = new HashMap<>();
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            String at = SpecPaths.index("configFiles", i);
            ServiceSpec.ConfigFile file = files.get(i);
            if (file == null) {
                rules.add(at, "must be an object with path and content");
                continue;
            }
            String path = file.path();
            Optional<String> pathProblem = ConfigFilePaths.problem(path);
            if (pathProblem.isPresent()) {
                rules.add(at + ".path", pathProblem.get());
            } else {
                Integer first = paths.putIfAbsent(path, i);
                Integer sameKey = keys.putIfAbsent(ConfigFilePaths.key(path), i);
                if (first != null) {
                    rules.add(at + ".path", "must be unique: " + path + " is also the path of configFiles[" + first + "]");
                } else if (sameKey != null) {
                    rules.add(at + ".path", "must differ from " + files.get(sameKey).path() + " (configFiles[" + sameKey
                            + "]) by more than '/' and '-': both would be stored under the ConfigMap key "
                            + ConfigFilePaths.key(path));
                } else {
                    for (int j = 0; j < i; j++) {
                        ServiceSpec.ConfigFile other = files.get(j);
                        if (other != null && ConfigFilePaths.problem(other.path()).isEmpty()
                                && ConfigFilePaths.overlap(path, other.path())) {
                            rules.add(at + ".path", "must not be inside or above another file: " + path + " and "
                                    + other.path() + " (configFiles[" + j + "]) cannot both be files");
                            break;
                        }
                    }
                }
            }
            if (file.content() == null) {
                rules.add(at + ".content", "is required: the text of the file (\"\" for an empty file)");
                continue;
            }
            int bytes = file.content().getBytes(StandardCharsets.UTF_8).length;
            total += bytes;
            if (bytes > MAX_CONFIG_FILE_BYTES) {
                rules.add(at + ".content", "must be at most 256 KiB (it is " + (bytes + 1023) / 1024 + " KiB); "
                        + "put larger files in the image");
            }
        }
        for (Map.Entry<String, String> entry : config.entrySet()) {
            String value = entry.getValue() == null ? "" : entry.getValue();
            total += entry.getKey().length() + value.getBytes(StandardCharsets.UTF_8).length;
        }
        for (ServiceSpec.ConfigFile file : files) {
            total += file == null || file.path() == null ? 0 : ConfigFilePaths.key(file.path()).length();
        }
        if (!files.isEmpty() && total > MAX_CONFIG_MAP_BYTES) {
            rules.add("configFiles", "must fit in one ConfigMap with the config values: 1 MiB in all (they are "
                    + (total + 1023) / 1024 + " KiB)");
        }
    }

    private static void secrets(List<String> secrets, Map<String, String> config, Rules rules) {
        if (secrets.size() > MAX_SECRETS) {
            rules.add("secrets", "must have at most " + MAX_SECRETS + " keys (it has " + secrets.size() + ")");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < secrets.size(); i++) {
            String at = SpecPaths.index("secrets", i);
            String key = secrets.get(i);
            if (key == null || !validKey(key)) {
                rules.add(at, KEY_PROBLEM + ENV_NAME_RULE);
                continue;
            }
            Integer first = seen.putIfAbsent(key, i);
            if (first != null) {
                rules.add(at, KEY_PROBLEM + "must be unique: " + key + " is also secrets[" + first + "]");
            } else if (config.containsKey(key)) {
                rules.add(at, KEY_PROBLEM + "must not also be a config key: " + key
                        + " is in spec.config; keep it in one place");
            }
        }
    }

    static boolean validKey(String key) {
        return key.length() <= MAX_KEY_LENGTH && ENV_NAME.matcher(key).matches();
    }

    private static void ingress(ServiceSpec.Ingress ingress, List<ServiceSpec.Port> ports, boolean portsKnown,
            Rules rules) {
        if (ingress == null) {
            return;
        }
        if (ingress.host() == null || ingress.host().isEmpty()) {
            rules.add("ingress.host", "is required: " + hostRule());
        } else if (!validHost(ingress.host())) {
            rules.add("ingress.host", "must be " + hostRule());
        }
        if (ingress.path() != null) {
            httpPath(ingress.path(), "ingress.path", rules);
        }
        boolean exposed = ports.stream().anyMatch(p -> p != null && p.servicePort() != null);
        if (portsKnown && !exposed) {
            rules.add("ingress", "needs a port with a servicePort to route to: add one under ports, or remove the ingress");
        }
    }

    private static String hostRule() {
        return "a DNS name such as payments.example.com: lowercase letters, digits, '-' and '.', each label at most "
                + "63 characters and the whole at most 253, optionally starting with '*.' for a wildcard";
    }

    static boolean validHost(String host) {
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (name.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static void httpPath(String path, String field, Rules rules) {
        if (!path.startsWith("/") || path.length() > MAX_HTTP_PATH || !NO_WHITESPACE.matcher(path).matches()) {
            rules.add(field, "must be an HTTP path starting with '/', without spaces, at most " + MAX_HTTP_PATH
                    + " characters (such as /ready)");
        }
    }

    private static void autoscaling(ServiceSpec.Autoscaling autoscaling, Rules rules) {
        if (autoscaling == null) {
            return;
        }
        Integer min = autoscaling.minReplicas();
        Integer max = autoscaling.maxReplicas();
        boolean minValid = min == null || (min >= 1 && min <= MAX_REPLICAS);
        if (!minValid) {
            rules.add("autoscaling.minReplicas", "must be between 1 and " + MAX_REPLICAS + " (absent means 1)");
        }
        if (max == null) {
            rules.add("autoscaling.maxReplicas", "is required: the most replicas the autoscaler may start, up to "
                    + MAX_REPLICAS);
        } else if (max < 1 || max > MAX_REPLICAS) {
            rules.add("autoscaling.maxReplicas", "must be between the minimum replicas and " + MAX_REPLICAS);
        } else if (minValid && max < (min == null ? 1 : min)) {
            rules.add("autoscaling.maxReplicas", "Maximum replicas must be at least the minimum replicas (" + max + " < " + min + ")");
        }
        Integer cpu = autoscaling.cpuUtilization();
        if (cpu != null && (cpu < 1 || cpu > 100)) {
            rules.add("autoscaling.cpuUtilization", "must be a percentage of the CPU request between 1 and 100 "
                    + "(absent means 80)");
        }
    }

    private static void probes(ServiceSpec.Probes probes, List<ServiceSpec.Port> ports, boolean portsKnown,
            Rules rules) {
        if (probes == null) {
            return;
        }
        if (probes.readinessPath() == null && probes.livenessPath() == null) {
            rules.add("probes", "needs a readinessPath or a livenessPath (or leave probes out)");
        }
        if (probes.readinessPath() != null) {
            httpPath(probes.readinessPath(), "probes.readinessPath", rules);
        }
        if (probes.livenessPath() != null) {
            httpPath(probes.livenessPath(), "probes.livenessPath", rules);
        }
        if (!portsKnown) {
            return;
        }
        if (ports.stream().noneMatch(p -> p != null && p.containerPort() != null)) {
            rules.add("probes", "need a declared port to probe: add one under ports");
            return;
        }
        String port = probes.port();
        if (port != null) {
            boolean named = ports.stream().anyMatch(p -> p != null && port.equals(p.name()));
            boolean numbered = port.matches("\\d{1,5}") && validPortNumber(Integer.parseInt(port));
            if (!named && !numbered) {
                rules.add("probes.port", "must name a declared port (" + ports.stream()
                        .filter(p -> p != null && p.name() != null).map(ServiceSpec.Port::name).toList()
                        + ") or be a port number between 1 and 65535; absent means the first port");
            }
        }
    }

    /**
     * The port is a declared port's name or a number: by name it must be declared (the annotation carries its
     * number), a number need not be, since an app may serve metrics on a port it does not expose.
     */
    private static void monitoring(ServiceSpec.Monitoring monitoring, List<ServiceSpec.Port> ports,
            boolean portsKnown, Rules rules) {
        if (monitoring == null) {
            return;
        }
        if (monitoring.metricsPath() != null) {
            metricsPathProblem(monitoring.metricsPath()).ifPresent(p -> rules.add("monitoring.metricsPath", p));
        }
        if (!portsKnown) {
            return;
        }
        List<String> names = ports.stream().filter(p -> p != null && p.name() != null).map(ServiceSpec.Port::name)
                .toList();
        String port = monitoring.metricsPort();
        if (port == null) {
            if (ports.stream().noneMatch(p -> p != null && p.containerPort() != null)) {
                rules.add("monitoring.metricsPort", "is required when no port is declared: a port number between 1"
                        + " and 65535, or declare a port under ports (absent means the first declared port)");
            }
            return;
        }
        boolean numeric = port.matches("\\d{1,5}");
        if (numeric ? !validPortNumber(Integer.parseInt(port)) : !names.contains(port)) {
            rules.add("monitoring.metricsPort", "must be a port number between 1 and 65535 or the name of a declared"
                    + " port " + (names.isEmpty() ? "(none is declared)" : names) + ", not '" + shortened(port)
                    + "'; absent means the first declared port");
        }
    }

    /** Capability names as the kernel spells them ({@code NET_RAW}), or {@code ALL}. */
    private static void securityContext(ServiceSpec.SecurityContext context, Rules rules) {
        if (context == null) {
            return;
        }
        List<String> drop = context.dropCapabilities();
        if (drop == null) {
            return;
        }
        if (drop.size() > MAX_CAPABILITIES) {
            rules.add("securityContext.dropCapabilities", "must list at most " + MAX_CAPABILITIES + " capabilities");
            return;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < drop.size(); i++) {
            String capability = drop.get(i);
            String field = "securityContext.dropCapabilities[" + i + "]";
            if (capability == null || !CAPABILITY.matcher(capability).matches()) {
                rules.add(field, "must be a capability name in capitals, such as ALL, NET_RAW or SYS_ADMIN"
                        + " (at most 64 characters)");
            } else if (!seen.add(capability)) {
                rules.add(field, "is listed twice: " + capability);
            }
        }
    }

    /** Exactly one of the two numbers: Kubernetes refuses a budget with both. */
    private static void podDisruptionBudget(ServiceSpec.PodDisruptionBudget budget, Rules rules) {
        if (budget == null) {
            return;
        }
        Integer min = budget.minAvailable();
        Integer max = budget.maxUnavailable();
        if (min == null && max == null) {
            rules.add("podDisruptionBudget", "must set minAvailable or maxUnavailable (a number of pods)");
        } else if (min != null && max != null) {
            rules.add("podDisruptionBudget.maxUnavailable", "must not be set together with minAvailable: set one");
        }
        if (min != null && (min < 0 || min > MAX_REPLICAS)) {
            rules.add("podDisruptionBudget.minAvailable", "must be between 0 and " + MAX_REPLICAS + " pods");
        }
        if (max != null && (max < 0 || max > MAX_REPLICAS)) {
            rules.add("podDisruptionBudget.maxUnavailable", "must be between 0 and " + MAX_REPLICAS + " pods");
        }
    }

    /** The reason first, then an example; Prometheus takes the path alone, so no query or fragment. */
    private static Optional<String> metricsPathProblem(String path) {
        String example = "such as /metrics or /actuator/prometheus (absent means "
                + ServiceSpec.Monitoring.DEFAULT_METRICS_PATH + ")";
        if (path.length() > MAX_HTTP_PATH) {
            return Optional.of("must be at most " + MAX_HTTP_PATH + " characters, " + example);
        }
        if (!path.startsWith("/")) {
            return Optional.of("must start with '/', " + example);
        }
        if (path.contains("?") || path.contains("#")) {
            return Optional.of("must be the path alone, without '?' or '#', " + example);
        }
        if (!METRICS_PATH.matcher(path).matches()) {
            return Optional.of("must hold only URL path characters (letters, digits, - . _ ~ / : @ ! $ & ' ( ) * + , ; ="
                    + " and %-escapes such as %20 for a space), " + example);
        }
        return Optional.empty();
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static void validateOverrides(ServiceSpec spec, List<FieldProblem> baseProblems,
            List<FieldProblem> problems) {
        // A problem of the base shows again in every environment that leaves its field alone: say it once.
        Set<String> baseKeys = new HashSet<>();
        for (FieldProblem problem : baseProblems) {
            baseKeys.add(problem.field().substring("spec".length()) + "\n" + problem.message());
        }
        for (Map.Entry<String, Map<String, Object>> entry : spec.overrides().entrySet()) {
            String environment = entry.getKey();
            String at = SpecPaths.child("spec.overrides", environment);
            if (!DNS_LABEL.matcher(environment).matches()) {
                problems.add(new FieldProblem(at, KEY_PROBLEM + "must be an environment name: 1-63 lowercase letters, "
                        + "digits or '-', starting and ending with a letter or digit (such as prod)"));
            }
            Map<String, Object> override = entry.getValue();
            if (override == null) {
                problems.add(new FieldProblem(at, "must be an object: a partial spec such as {\"replicas\": 4}"));
                continue;
            }
            if (override.containsKey("overrides")) {
                problems.add(new FieldProblem(at + ".overrides", "is not allowed in an override: overrides do not nest"));
                override = new HashMap<>(override);
                override.remove("overrides");
            }
            SpecReader.Result merged = SpecMerge.merge(spec, override, at);
            problems.addAll(merged.problems());
            if (merged.spec() == null) {
                continue;
            }
            // The Deployment has no replica count where autoscaling governs: an override of it would do nothing.
            ServiceSpec.Autoscaling autoscaling = merged.spec().autoscaling();
            boolean replicasIgnored = override.get("replicas") != null && autoscaling != null
                    && !merged.unreadable().contains("replicas");
            if (replicasIgnored) {
                problems.add(new FieldProblem(at + ".replicas", "autoscaling sets the replicas in " + environment
                        + " (min " + (autoscaling.minReplicas() == null ? 1 : autoscaling.minReplicas()) + ", max "
                        + autoscaling.maxReplicas() + "); remove replicas or turn autoscaling off there"));
            }
            for (FieldProblem problem : validateEffective(merged.spec(), at, merged.unreadable())) {
                String relative = problem.field().substring(at.length());
                if (replicasIgnored && relative.equals(".replicas")) {
                    continue;
                }
                boolean touched = override.containsKey(topLevelField(relative));
                if (touched || !baseKeys.contains(relative + "\n" + problem.message())) {
                    problems.add(problem);
                }
            }
        }
    }

    /** {@code ".resources.cpuLimit"} -> {@code "resources"}. */
    private static String topLevelField(String relativePath) {
        String rest = relativePath.startsWith(".") ? relativePath.substring(1) : relativePath;
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
            end++;
        }
        return rest.substring(0, end);
    }

    /** Collects problems with paths relative to one prefix. */
    private static final class Rules {
        private final String prefix;
        private final List<FieldProblem> problems = new ArrayList<>();

        Rules(String prefix) {
            this.prefix = prefix;
        }

        void add(String field, String message) {
            problems.add(new FieldProblem(prefix + "." + field, message));
        }
    }
}
