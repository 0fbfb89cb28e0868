package dev.slipway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The package boundaries of docs/architecture.md, checked so that a change cannot quietly break them: features
 * (the packages under dev.slipway) and the deployer's stages depend on each other without cycles, a feature's
 * repositories are its own, and controllers reach data only through services.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slipway");

    /** The feature a class belongs to: the package right under dev.slipway (dev.slipway itself: the application). */
    private static String featureOf(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith("dev.slipway.")) {
            return name;
        }
        String rest = name.substring("dev.slipway.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("dev.slipway.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theDeployersStagesAndItsWebEdgeDependOnEachOtherWithoutCycles() {
        // The root package (DeploymentService, controllers, streams) is a slice of its own beside the stages.
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                String name = type.getPackageName();
                if (name.equals("dev.slipway.deploy")) {
                    return SliceIdentifier.of("deploy (web edge)");
                }
                if (name.startsWith("dev.slipway.deploy.")) {
                    return SliceIdentifier.of(name.substring("dev.slipway.deploy.".length()).split("\\.")[0]);
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the deploy feature's stages and its web edge";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void aFeaturesRepositoriesAreUsedOnlyInsideThatFeature() {
        classes().that().areAssignableTo(Repository.class).and().areInterfaces()
                .should(onlyBeUsedInsideTheirFeature()).check(CLASSES);
    }

    @Test
    void controllersReachDataOnlyThroughServices() {
        noClasses().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().areAssignableTo(Repository.class)
                .orShould().dependOnClassesThat().areAssignableTo(JdbcTemplate.class)
                .orShould().dependOnClassesThat().areAssignableTo(EntityManager.class)
                .check(CLASSES);
    }

    /**
     * One convention at the web edge: a handler that needs the signed-in person takes an {@code Actor} parameter
     * (identity's resolver loads it once per request) instead of looking it up by the principal's name.
     */
    @Test
    void controllersTakeTheActorAsAParameterInsteadOfLookingItUp() {
        noClasses().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().callMethod(dev.slipway.identity.IdentityService.class, "actor", String.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.Principal")
                .because("controllers take the signed-in person as an Actor parameter (docs/architecture.md, \"The web edge\")")
                .check(CLASSES);
    }

    /** Every list answers one shape through one type (docs/architecture.md, "The web edge"). */
    @Test
    void everyListPageIsTheOnePageType() {
        classes().that(DescribedPredicate.describe("have a nextCursor", (JavaClass type) -> type.getMethods().stream()
                        .anyMatch(method -> method.getName().equals("nextCursor") && method.getParameters().isEmpty())))
                .should().be(dev.slipway.common.Page.class)
                .because("lists answer {items, nextCursor} through dev.slipway.common.Page")
                .check(CLASSES);
    }

    @Test
    void commonDependsOnNoFeature() {
        noClasses().that().resideInAPackage("dev.slipway.common..")
                .should().dependOnClassesThat(DescribedPredicate.describe("belong to a feature",
                        type -> type.getPackageName().startsWith("dev.slipway.") && !featureOf(type).equals("common")))
                .check(CLASSES);
    }

    private static ArchCondition<JavaClass> onlyBeUsedInsideTheirFeature() {
        return new ArchCondition<>("be used only inside their feature") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                String feature = featureOf(repository);
                repository.getDirectDependenciesToSelf().forEach(dependency -> {
                    JavaClass user = dependency.getOriginClass();
                    if (!featureOf(user).equals(feature)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                });
            }
        };
    }

}
