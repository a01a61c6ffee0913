package io.github.apitokenkit.controllers

import io.github.apitokenkit.support.Controller
import io.github.apitokenkit.support.ControllerSpecification
import io.github.apitokenkit.support.InProcessStandIn
import io.github.apitokenkit.support.RealJenkins
import spock.lang.Shared
import spock.lang.Unroll

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean

/**
 * --deliver COMMAND: each created value handed to a command on its standard input, never in its arguments, its
 * environment or a file, and counted as delivered only when it exits 0. End to end with Debian's pass (a gpg key made
 * here) and kubectl --dry-run=client; every way a command fails (a status, --timeout, a signal, not found, its output
 * holding the value), with the new token revoked again and the old one working.
 */
abstract class DeliveryBehaviour extends ControllerSpecification {
    @Shared File gnupg
    @Shared File store

    /** A gpg key with no passphrase and a pass store for it, in a folder of this class's own. */
    void controllerStarted() {
        File home = File.createTempDir('deliver', '')
        gnupg = new File(home, 'gnupg')
        store = new File(home, 'store')
        gnupg.mkdirs()
        gnupg.setReadable(false, false); gnupg.setReadable(true, true)
        gnupg.setExecutable(false, false); gnupg.setExecutable(true, true)
        run(['gpg', '--batch', '--passphrase', '', '--quick-gen-key', 'api-token-kit spec <spec@example.invalid>', 'default', 'default', 'never'])
        run(['pass', 'init', 'spec@example.invalid'])
    }

    def cleanupSpec() {
        if (gnupg != null) {
            run(['gpgconf', '--kill', 'gpg-agent'])
            gnupg.parentFile.deleteDir()
        }
    }

    String run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        builder.environment().putAll(GNUPGHOME: gnupg.path, PASSWORD_STORE_DIR: store.path)
        Process process = builder.start()
        String output = process.inputStream.text
        assert process.waitFor() == 0: "${command}: ${output}"
        output
    }

    /** The environment pass needs, as shell assignments before the command (the launcher runs in this JVM). */
    String passEnv() {
        "GNUPGHOME='${gnupg}' PASSWORD_STORE_DIR='${store}'"
    }

    /**
     * Every process's arguments and environment, read again and again from /proc while the call runs, in a thread
     * that stops when told: what specs search for a value that must never be there.
     */
    static class ProcessSampler {
        final Set<String> seen = ConcurrentHashMap.newKeySet()
        private final AtomicBoolean running = new AtomicBoolean(true)
        private final Thread thread = Thread.start {
            while (running.get()) {
                new File('/proc').listFiles().findAll { it.name ==~ /\d+/ }.each { File pid ->
                    ['cmdline', 'environ'].each { String part ->
                        try {
                            seen << new File(pid, part).getText('ISO-8859-1').replace('\u0000' as char, ' ' as char)
                        } catch (IOException ended) {
                            // the process ended meanwhile
                        }
                    }
                }
            }
        }

        Set<String> stop() {
            running.set(false)
            thread.join()
            seen
        }
    }

    def 'rotate-api-token --deliver into pass: the new value is in the store and works, never in a process\'s arguments or environment, nor a file'() {
        given:
        String user = newUser('svc')
        File previousFile = new File(folder.root, 'previous.token')
        assert launch(['--output', previousFile.path, 'create-api-token', "user=${user}".toString(), 'name=deploy']) == 0
        String previous = previousFile.text.trim()
        previousFile.delete()
        new File(previousFile.path + '.uuid').delete()
        ProcessSampler sampler = new ProcessSampler()

        when:
        int exit = launch(['rotate-api-token', "user=${user}".toString(), 'name=deploy',
                           '--deliver', "${passEnv()} pass insert -m -f \"jenkins/\$API_TOKEN_KIT_USER/\$API_TOKEN_KIT_NAME\"".toString()])
        Set<String> processes = sampler.stop()
        String stored = run(['pass', 'show', "jenkins/${user}/deploy".toString()])

        then:
        [exit, stderr()] == [0, '']
        stored ==~ /11[0-9a-f]{32}/
        controller.authenticates(user, stored) && !controller.authenticates(user, previous)
        stdout().contains('<delivered to the --deliver command>') || stdout().contains('delivered by the --deliver command')
        !stdout().contains(stored)
        processes.size() > 1
        processes.findAll { it.contains(stored) }.collect { it.take(200) } == []
        folder.root.eachFileRecurse { File f -> assert !f.isFile() || !f.text.contains(stored) }
        store.eachFileRecurse { File f -> assert !f.isFile() || !f.getText('ISO-8859-1').contains(stored) }
    }

    def 'create-api-token --deliver to kubectl create secret --dry-run=client: the Secret it prints holds the value'() {
        given:
        String user = newUser('svc')
        File manifest = new File(folder.root, 'secret.yaml')

        when:
        int exit = launch(['create-api-token', "user=${user}".toString(), 'name=deploy', '--deliver',
                           "KUBECONFIG=/dev/null kubectl create secret generic jenkins-token --from-file=token=/dev/stdin --dry-run=client -o yaml > '${manifest}'".toString()])
        String value = new String((manifest.text =~ /(?m)^  token: (\S+)$/)[0][1].decodeBase64(), 'US-ASCII')

        then:
        [exit, stderr()] == [0, '']
        manifest.text.contains('kind: Secret') && manifest.text.contains('name: jenkins-token')
        controller.authenticates(user, value)
        !stdout().contains(value)
    }

    def 'on a fleet each controller\'s value is delivered apart, the command told which controller it comes from'() {
        given: 'one controller under two URLs, a fleet of two, rotated one after the other'
        String user = newUser('svc')
        File log = new File(folder.root, 'delivered')
        List<String> urls = [controller.url.toString(), controller.url.toString().replace('127.0.0.1', 'localhost')]

        when:
        int exit = launch(['--url', urls[0], '--url', urls[1], '--parallel', '1', 'rotate-api-token', "user=${user}".toString(), 'name=deploy',
                           'createIfMissing=true', '--deliver', "{ printf '%s ' \"\$API_TOKEN_KIT_URL\"; cat; echo; } >> '${log}'".toString()])
        List<List<String>> lines = log.readLines()*.split(' ')*.toList()

        then:
        exit == 0
        lines*.getAt(0) == urls
        !controller.authenticates(user, lines[0][1])
        controller.authenticates(user, lines[1][1])
        controller.tokens(user)*.name == ['deploy']
    }

    @Unroll
    def 'self rotate --deliver with a command that #how: exit #code in one line, the new token revoked again, the old one working, no value shown'() {
        given:
        String user = newUser('self')
        String old = controller.generateThroughRest(user, 'laptop')
        String oldUuid = controller.tokens(user).find { it.name == 'laptop' }.uuid

        when:
        int exit = launch([JENKINS_URL: controller.url.toString(), JENKINS_USER_ID: user, JENKINS_API_TOKEN: old],
                ['--timeout', '3', 'self', 'rotate', "uuid=${oldUuid}".toString(), 'name=laptop', '--deliver', command])

        then:
        exit == code
        stderr().readLines().size() == 1
        stderr().startsWith('api-token-kit: rotation stopped at phase 2 (delivering the value): ' + said)
        stderr().contains('; the new token (uuid ')
        stderr().contains(') was revoked again; the old token (uuid ' + oldUuid + ') still works')
        controller.tokens(user)*.name == ['laptop']
        controller.authenticates(user, old)
        !((stdout() + stderr()) =~ /[0-9a-f]{32}/)

        where:
        how                               | command                                  | code | said
        'exits 1'                         | 'cat >/dev/null; exit 1'                 | 1    | 'the --deliver command exited with status 1 (what it printed is not shown'
        'prints the value and exits 3'    | 'cat; cat >&2; exit 3'                   | 1    | 'the --deliver command exited with status 3 (what it printed is not shown'
        'hangs past --timeout'            | 'cat >/dev/null; sleep 600'              | 1    | 'the --deliver command did not finish within 3 s (--timeout) and was stopped'
        'dies on a signal'                | 'cat >/dev/null; kill -9 $$'             | 1    | 'the --deliver command died on signal 9'
        'is not found by the shell'       | 'x=1 no-such-store-client --put'         | 1    | 'the --deliver command was not found by the shell (exit status 127)'
    }

    def 'a command that hangs is stopped with what it started: nothing of it outlives the launcher'() {
        given:
        String user = newUser('self')
        String old = controller.generateThroughRest(user, 'laptop')
        String uuid = controller.tokens(user)[0].uuid
        String marker = "api-token-kit-spec-${UUID.randomUUID()}"

        when:
        launch([JENKINS_URL: controller.url.toString(), JENKINS_USER_ID: user, JENKINS_API_TOKEN: old],
                ['--timeout', '2', 'self', 'rotate', "uuid=${uuid}".toString(), 'name=laptop', '--deliver', "sh -c 'sleep 600; echo ${marker}' & wait".toString()])

        then:
        stderr().contains('did not finish within 2 s')
        new File('/proc').listFiles().findAll { it.name ==~ /\d+/ }.every { File pid ->
            try { !new File(pid, 'cmdline').text.contains(marker) } catch (IOException ended) { true }
        }
    }

    def 'a command not on PATH, or --deliver with --output, is refused before anything is sent'() {
        given:
        String user = newUser('svc')

        expect:
        launch(['create-api-token', "user=${user}".toString(), 'name=x', '--deliver', 'no-such-store-client put x']) == 2
        stderr() == "api-token-kit: --deliver: 'no-such-store-client' is not a command on PATH here; nothing was sent\n"
        launch(['create-api-token', "user=${user}".toString(), 'name=x', '--deliver', 'cat', '--output', new File(folder.root, 'f').path]) == 2
        stderr().contains('give --output FILE or --deliver COMMAND, not both')
        controller.tokens(user).empty
    }
}

class DeliveryOnStandInSpec extends DeliveryBehaviour {
    Controller startController(Closure<List<String>> prepare) { InProcessStandIn.start(prepare) }
}

class DeliveryOnRealJenkinsIT extends DeliveryBehaviour {
    Controller startController(Closure<List<String>> prepare) { RealJenkins.start(prepare) }
}
