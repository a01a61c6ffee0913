package io.github.apitokenkit.init

import groovy.json.JsonOutput
import io.github.apitokenkit.support.BootProcess
import spock.lang.Specification

import java.nio.file.Files

/**
 * init.groovy.d/50-seed-api-tokens.groovy in a boot of its own process, for what only a process has: its environment.
 * Stand-in only (the boot process is the stand-in's); the real wars run the file at boot in BootBehaviour.
 */
class SeedApiTokensInitProcessSpec extends Specification {
    static final String SCRIPT = SeedApiTokensInitSpec.SCRIPT
    File secrets = Files.createTempDirectory('mounted-secrets').toFile()

    def cleanup() {
        secrets.deleteDir()
    }

    def 'the file may also be named by the environment variable API_TOKEN_KIT_CONFIG (a boot in its own process)'() {
        given:
        File home = Files.createTempDirectory('env-home').toFile()
        File initFolder = new File(home, 'init.groovy.d')
        initFolder.mkdirs()
        new File(initFolder, SCRIPT).text = new File('init.groovy.d', SCRIPT).getText('UTF-8')
        File config = new File(secrets, 'from-env.json')
        config.text = JsonOutput.toJson([tokens: [[user: 'robot', name: 'env', generate: true, createUser: true]]])

        when:
        Map boot = BootProcess.run(home, initFolder, [API_TOKEN_KIT_CONFIG: config.path])

        then:
        boot.status == 0
        boot.output.contains('api-token-kit: robot/env generated into')
        new File(home, 'secrets/api-tokens/robot-env').text ==~ /11[0-9a-f]{32}\n/

        cleanup:
        home?.deleteDir()
    }
}
