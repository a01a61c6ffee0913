package io.github.apitokenkit.controllers

import groovy.json.JsonOutput
import io.github.apitokenkit.support.Controller
import io.github.apitokenkit.support.ControllerSpecification
import io.github.apitokenkit.support.RealJenkins
import io.github.apitokenkit.support.InProcessStandIn
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/**
 * init.groovy.d/50-seed-api-tokens.groovy at boot, installed as its README says: the first boot provisions, an entry
 * it cannot apply is skipped and the boot goes on (as it does past another init script that throws), a restart
 * changes nothing, and a lifetime policy refuses what breaks it (or, before 2.548, provisions nothing). The
 * features build on each other's boots, in order.
 */
@Stepwise
abstract class BootBehaviour extends ControllerSpecification {
    static final String SEEDED = '11' + '5eed' * 8

    @Override
    List<String> prepareHome(File home) {
        File hooks = new File(home, 'init.groovy.d')
        hooks.mkdirs()
        Files.copy(new File('init.groovy.d/50-seed-api-tokens.groovy').toPath(), new File(hooks, '50-seed-api-tokens.groovy').toPath())
        new File(hooks, '40-throws.groovy').text = "throw new RuntimeException('an init script of someone else failed')\n"
        new File(home, 'seeded.token').text = SEEDED + '\n'
        write(home, [tokens: [
                [user: 'alice', name: 'generated', generate: true],
                [user: 'alice', name: 'seeded', valueFile: 'seeded.token'],
                [user: 'alice', name: 'typo', valueFiel: 'seeded.token'],
        ]])
        []
    }

    static void write(File home, Map file) {
        new File(home, 'api-tokens.json').text = JsonOutput.prettyPrint(JsonOutput.toJson(file))
    }

    File generated(String name) {
        new File(controller.home, "secrets/api-tokens/alice-${name}")
    }

    def 'the first boot provisions past a failing init script and an entry it cannot apply'() {
        expect:
        controller.log.contains('an init script of someone else failed')
        controller.log.contains('alice/generated generated into ')
        controller.log.contains('alice/seeded added (uuid ')
        controller.log.contains('tokens[2]: unknown key valueFiel')
        PosixFilePermissions.toString(Files.getPosixFilePermissions(generated('generated').toPath())) == 'rw-------'
        controller.authenticates('alice', generated('generated').text.trim())
        controller.authenticates('alice', SEEDED)
        controller.tokens('alice')*.name.sort() == ['generated', 'seeded']
    }

    def 'a restart changes nothing'() {
        given:
        List<Map> before = controller.tokens('alice')
        int logged = controller.log.length()

        when:
        controller.restart()
        String boot = controller.log.substring(logged)

        then:
        boot.contains('3 entries, nothing changed')
        !boot.contains(' generated into ')
        controller.tokens('alice')*.uuid == before*.uuid
        controller.authenticates('alice', generated('generated').text.trim())
    }

    def 'a lifetime policy refuses an entry that breaks it; before 2.548 it provisions nothing'() {
        given:
        write(controller.home, [policy: [maxLifetimeDays: 30, requireExpiry: true], tokens: [
                [user: 'alice', name: 'forever', generate: true],
                [user: 'alice', name: 'short', generate: true, expires: '10'],
        ]])
        int logged = controller.log.length()

        when:
        controller.restart()
        String boot = controller.log.substring(logged)
        List<String> names = controller.tokens('alice')*.name

        then:
        !names.contains('forever')
        if (controller.atLeast('2.548')) {
            assert boot.contains('alice/forever') && boot.contains('the lifetime policy')
            assert names.contains('short') && generated('short').file
        } else {
            assert boot.contains('2.548')
            assert !names.contains('short') && !generated('short').exists()
        }
    }
}

class BootOnStandInSpec extends BootBehaviour {
    Controller startController(Closure<List<String>> prepare) { InProcessStandIn.start(prepare) }
}

class BootOnRealJenkinsIT extends BootBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
