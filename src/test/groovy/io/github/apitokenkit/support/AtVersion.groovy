package io.github.apitokenkit.support

import hudson.model.User
import io.github.apitokenkit.standin.InitHook
import jenkins.security.ApiTokenProperty
import jenkins.security.apitoken.ApiTokenPropertyConfiguration
import org.junit.runner.Description
import org.junit.runners.model.Statement
import org.jvnet.hudson.test.JenkinsRule

/**
 * A script pasted into the Script Console of a fresh stand-in loaded as a given Jenkins version
 * (io.github.apitokenkit.standin.VersionedStandIn loads this class too, so everything here sees that version).
 * The stand-in has admin (who runs the script), alice with tokens "laptop" and "old" and a legacy token, and
 * svc-ci; every token is made through the token store, which every version since 2.129 has.
 */
class AtVersion {
    /** What the console shows for the script with its defaults map edited so. */
    static String paste(String script, Map edits) {
        inFreshJenkins { JenkinsRule j ->
            Kit.paste(script, edits, User.getById('admin', false).impersonate2())
        }
    }

    /** The JSON result the launcher reads from the script run with these parameters (Kit.bound: values in plaintext). */
    static Map result(String script, Map<String, String> parameters) {
        Map result = null
        inFreshJenkins { JenkinsRule j ->
            def launched = Kit.bound(script, parameters, User.getById('admin', false).impersonate2())
            assert launched.result.ok: launched.result.error
            result = (Map) launched.result.value
            ''
        }
        result
    }

    /** What the kit's init script logs at a boot of a fresh stand-in whose JENKINS_HOME holds this api-tokens.json. */
    static String boot(String config, String secretValue) {
        inFreshJenkins { JenkinsRule j ->
            File home = j.jenkins.rootDir
            new File(home, 'seeded.token').text = secretValue + '\n'
            new File(home, 'api-tokens.json').text = config
            File hooks = new File(home, 'init.groovy.d')
            hooks.mkdirs()
            new File(hooks, '50-seed-api-tokens.groovy').text = new File('init.groovy.d/50-seed-api-tokens.groovy').text
            CapturedLog captured = new CapturedLog('api-token-kit')
            try {
                new InitHook().run(hooks)
            } finally {
                captured.close()
            }
            captured.text
        }
    }

    /** What body answers in a fresh stand-in set up as the class comment says, stopped afterwards. */
    private static String inFreshJenkins(Closure<String> body) {
        JenkinsRule j = new JenkinsRule()
        String answer = null
        j.apply(new Statement() {
            @Override
            void evaluate() {
                SecuredJenkins.setUp(j, ['admin', 'alice', 'svc-ci'])
                ApiTokenProperty alice = User.getById('alice', false).getProperty(ApiTokenProperty)
                ApiTokenPropertyConfiguration.get().creationOfLegacyTokenEnabled = true
                alice.changeApiToken()
                ['laptop', 'old'].each { alice.tokenStore.generateNewToken(it) }
                User.getById('alice', false).save()
                answer = body.call(j)
            }
        }, Description.EMPTY).evaluate()
        return answer
    }
}
