package io.github.apitokenkit.support

import io.github.apitokenkit.launcher.LauncherRunner
import org.junit.Rule
import org.junit.rules.TemporaryFolder
import spock.lang.Shared
import spock.lang.Specification

/**
 * Base of the behaviour specs written once for every controller: a subclass says which one
 * ({@code ...OnSandboxSpec}: the stand-in sandbox, in the default run; {@code ...OnRealJenkinsIT}: the war of
 * {@code -Djenkins.war}, in the real tier). One controller per spec class, started before its first feature and
 * stopped after its last, whatever happened; features keep out of each other's way with users of their own.
 */
abstract class ControllerSpecification extends Specification {
    @Shared Controller controller
    @Rule TemporaryFolder folder = new TemporaryFolder()
    LauncherRunner launcher = new LauncherRunner()
    private static int users

    /**
     * The controller this class runs on, started; {@code prepare} is given its home before the first start and returns
     * the options its JVM gets.
     */
    abstract Controller startController(Closure<List<String>> prepare)

    /** What a subclass writes into the home before the first start, and the JVM options it needs: none by default. */
    List<String> prepareHome(File home) {
        []
    }

    /** What a subclass does once the controller is up, before the first feature: nothing by default. */
    void controllerStarted() {
    }

    def setupSpec() {
        controller = startController { File home -> prepareHome(home) }
        controllerStarted()
    }

    def cleanupSpec() {
        controller?.close()
    }

    /** A user of this feature's own, made on the controller with tokens of these names (values unknown). */
    String newUser(String prefix = 'user', List<String> tokenNames = []) {
        String id = "${prefix}-${++users}"
        controller.user(id, tokenNames)
        id
    }

    /** The launcher's environment for a call as admin with an API token. */
    Map<String, String> asAdmin() {
        [JENKINS_URL: controller.url.toString(), JENKINS_USER_ID: 'admin', JENKINS_API_TOKEN: controller.adminToken]
    }

    int launch(Map env = asAdmin(), List<String> args) {
        launcher.launch(env, args)
    }

    String stdout() {
        launcher.stdout()
    }

    String stderr() {
        launcher.stderr()
    }
}
