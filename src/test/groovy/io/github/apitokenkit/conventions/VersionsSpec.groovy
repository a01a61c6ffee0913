package io.github.apitokenkit.conventions

import groovy.io.FileType
import io.github.apitokenkit.standin.StandInRelease
import io.github.apitokenkit.standin.VersionedStandIn
import jenkins.model.Jenkins
import jenkins.security.apitoken.ApiTokenStore
import spock.lang.Specification
import spock.lang.Unroll

import java.time.LocalDate

/**
 * Each script on the stand-in loaded as each Jenkins version it claims and at each capability boundary it crosses
 * (2.129, 2.154, 2.260, 2.266, 2.548, current): members younger than the version are absent there, so a script that
 * calls one on its path fails here instead of on an administrator's controller. Together the first two features
 * derive each script's minimum from what its paths call: it must work at every boundary from the version its header
 * claims (which ScriptConventionsSpec keeps equal to the README's) and refuse below it, so a claim too low fails the
 * first and a claim too high the second. Below the security floor (2.266), where the stand-in cannot drop members,
 * a third feature reads the scripts instead.
 */
class VersionsSpec extends Specification {
    static final List<String> BOUNDARIES = ['2.129', '2.153', '2.154', '2.259', '2.260', '2.266', '2.547', '2.548', '2.579']
    static final String VALUE = '11' + '0123456789abcdef' * 2

    /** Per script: the parameters of a run that changes something, and what its output starts with. */
    static final Map<String, List> RUNS = [
            'create-api-token'        : [[user: 'svc-ci', name: 'v'], "Created API token 'v' for user 'svc-ci'"],
            'list-api-tokens'         : [[user: 'alice'], 'alice\n'],
            'audit-api-tokens'        : [[user: 'alice'], 'alice\n'],
            'revoke-api-tokens'       : [[user: 'alice', name: 'old', dryRun: false], "Revoked 'old'"],
            'rotate-api-token'        : [[user: 'alice', name: 'laptop'], "Rotated API token 'laptop' of user 'alice'"],
            'seed-api-token'          : [[user: 'alice', name: 'seeded', value: VALUE], "Added API token 'seeded' of user 'alice'"],
            'prune-api-tokens'        : [[allUsers: true, graceOver: true, dryRun: false], 'No token meets the criteria'],
            'show-legacy-api-token'   : [[user: 'alice', asSystem: true], "Legacy API token of user 'alice' (read as SYSTEM)"],
            'change-legacy-api-token' : [[user: 'alice'], "Changed the legacy API token of user 'alice'"],
            'audit-legacy-api-tokens' : [[user: 'alice'], 'alice   legacy token'],
            'revoke-leaked-api-token' : [[value: '11' + 'e' * 32, dryRun: false], 'No token of any user has this value'],
            'revoke-legacy-api-tokens': [[allUsers: true, dryRun: false], "Revoked the legacy token 'Legacy Token'"],
            'set-api-token-settings'  : [[usageStatistics: 'false'], 'tokenGenerationOnCreation'],
    ]

    /**
     * The oldest Jenkins the stand-in can be: its security layer is Spring Security's, which core adopted in 2.266
     * (JEP-227, ACL.as2, ACL.SYSTEM2, Jenkins.getAuthentication2); before that core's signatures had Acegi types that
     * the stand-in does not model, so those members cannot be made absent. A script claiming 2.266 is checked for
     * them before it changes anything (RuntimeVersionsSpec), not run below 2.266 here.
     */
    static final String SECURITY_FLOOR = '2.266'

    static String claimedMinimum(String script) {
        (new File("scripts/${script}.groovy").text =~ /(?m)^ \* Jenkins:\s+(2\.\d+)/)[0][1]
    }

    /** One stand-in per version: each run starts its own Jenkins on it, so the classes can be shared. */
    static final Map<String, ClassLoader> STAND_INS = [:].withDefault { String version -> new VersionedStandIn(version, VersionsSpec.classLoader) }

    static synchronized String run(String version, String script, Map parameters) {
        ClassLoader loader = STAND_INS[version]
        return loader.loadClass('io.github.apitokenkit.support.AtVersion').getMethod('paste', String, Map).invoke(null, script, parameters)
    }

    /**
     * What JEP-227 brought in 2.266 and the stand-in cannot make absent: every member of the security layer whose
     * name ends in 2 (ACL.as2, ACL.SYSTEM2, Jenkins.getAuthentication2, User.impersonate2, ...).
     */
    static final String JEP_227_MEMBER = /\b(?:as2|SYSTEM2|ANONYMOUS2|getAuthentication2|authentication2|getAuthorities2|impersonate2|hasPermission2|isAnonymous2|lambda2|loadUserByUsername2|getUserDetailsForImpersonation2|getPreviousContext2|authenticate2)\b/

    /**
     * The runtime's functions that may reach them: asSystem runs only after requireSystemContext refused older cores.
     */
    static final List<String> GUARDED = ['requireSystemContext', 'asSystem']
    /**
     * The runtime's functions that check for those members themselves and answer without them on an older Jenkins, so
     * any script may call them: auditCaller (getAuthentication2) and ownerStanding (impersonate2, hasPermission2).
     */
    static final List<String> SELF_GUARDED = ['auditCaller', 'ownerStanding']

    @Unroll
    def '#file claims #claimed, below the security floor, so its paths reach no 2.266 member but through the guarded runtime'() {
        given:
        String text = new File(file).getText('UTF-8')
        int runtimeAt = text.indexOf('// ---- api-token-kit runtime')
        String own = text.substring(0, runtimeAt)
        String runtime = text.substring(runtimeAt)

        expect: 'the script itself names none of them, nor the runtime functions that use them'
        !(own =~ JEP_227_MEMBER).find()
        !GUARDED.any { own.contains(it + '(') || own.contains(it + ' {') }

        and: 'in the runtime, they appear only inside the guarded functions'
        runtimeUsesOutsideGuarded(runtime) == []

        where:
        file << RUNS.keySet().findAll { VersionedStandIn.older(claimedMinimum(it), SECURITY_FLOOR) }.collect { "scripts/${it}.groovy" } +
                ['init.groovy.d/50-seed-api-tokens.groovy']
        claimed = (new File(file).text =~ /(?m)^ \* Jenkins:\s+(2\.\d+)/)[0][1]
    }

    /** Lines of the runtime that name a 2.266 member outside the bodies of the guarded functions. */
    static List<String> runtimeUsesOutsideGuarded(String runtime) {
        List<String> outside = []
        String inside = null
        int depth = 0
        runtime.readLines().each { String line ->
            String opening = (GUARDED + SELF_GUARDED).find { line ==~ /\s*\S.*\b${it}\(.*\)\s*\{\s*/ }
            if (inside == null && opening) {
                inside = opening
                depth = 0
            }
            if (inside == null && (line =~ JEP_227_MEMBER).find() && !line.trim().startsWith('*') && !line.trim().startsWith('//')) {
                outside << line.trim()
            }
            if (inside != null) {
                depth += line.count('{') - line.count('}')
                if (depth <= 0 && line.contains('}')) {
                    inside = null
                }
            }
        }
        outside
    }

    def 'every script has a run here'() {
        expect:
        RUNS.keySet() == new File('scripts').listFiles().findAll { it.name.endsWith('.groovy') }*.name*.replace('.groovy', '') as Set
    }

    @Unroll
    def '#script at Jenkins #version, which it claims, does its work'() {
        when:
        String output = run(version, script, RUNS[script][0])

        then: 'before 2.154 a listing may open with the SECURITY-1072 warning'
        output.readLines().findAll { !it.contains('SECURITY-1072') }.join('\n').startsWith(RUNS[script][1].trim())
        !output.contains('Exception')
        !output.contains('\tat ')

        where:
        [script, version] << RUNS.keySet().collectMany { String script ->
            BOUNDARIES.findAll { !VersionedStandIn.older(it, claimedMinimum(script)) }.collect { [script, it] }
        }
    }

    @Unroll
    def '#script at Jenkins #version, older than it claims, refuses in one line naming the version it needs'() {
        when:
        String output = run(version, script, RUNS[script][0])

        then:
        output.readLines().size() == 1
        output.startsWith('ERROR: ')
        output.contains(claimedMinimum(script))

        where:
        [script, version] << RUNS.keySet().collectMany { String script ->
            BOUNDARIES.findAll { VersionedStandIn.older(it, claimedMinimum(script)) && VersionedStandIn.older(claimedMinimum(script), SECURITY_FLOOR) }
                    .collect { [script, it] }
        }
    }

    @Unroll
    def 'the init script at Jenkins #version generates tokens (2.129), and seeds known values only from 2.260'() {
        given:
        String config = '{"tokens": [{"user": "svc-ci", "name": "generated", "generate": true},' +
                ' {"user": "alice", "name": "seeded", "valueFile": "seeded.token"}]}'

        when:
        String log = VersionsSpec.STAND_INS[version].loadClass('io.github.apitokenkit.support.AtVersion')
                .getMethod('boot', String, String).invoke(null, config, VALUE)

        then:
        log.contains('svc-ci/generated generated into ')
        log.contains(seeded)
        !log.contains('Exception')

        where:
        version | seeded
        '2.129' | 'alice/seeded: a token with a known value needs Jenkins 2.260 or newer'
        '2.259' | 'alice/seeded: a token with a known value needs Jenkins 2.260 or newer'
        '2.260' | 'alice/seeded added (uuid '
        '2.548' | 'alice/seeded added (uuid '
    }

    @Unroll
    def 'before 2.154 (SECURITY-1072) usage statistics are not trusted: #script #what'() {
        expect:
        run('2.153', script, parameters).startsWith(before)
        run('2.154', script, parameters).startsWith(after)

        where:
        script                     | parameters                                         | what                        || before | after
        'prune-api-tokens'         | [allUsers: true, unusedForDays: 1, dryRun: false] | 'refuses to prune by use'   || 'ERROR: usage statistics before Jenkins 2.154 (LTS 2.138.4) could show a used token as unused (SECURITY-1072): refusing to prune by use' | 'No token meets the criteria'
        'revoke-legacy-api-tokens' | [allUsers: true, unusedOnly: true, dryRun: true]  | 'refuses unusedOnly'        || 'ERROR: usage statistics before Jenkins 2.154' | 'Would revoke the legacy token'
        'list-api-tokens'          | [user: 'alice']                                    | 'warns in the listing'      || 'Usage statistics before Jenkins 2.154 (LTS 2.138.4) could show a used token as unused (SECURITY-1072)' | 'alice\n'
    }

    @Unroll
    def 'before 2.548 no token can expire, so an expiry asked for is refused: #script #what'() {
        expect:
        run('2.547', script, parameters).startsWith(before)
        run('2.548', script, parameters).startsWith(after)

        where:
        script             | parameters                                      | what              || before | after
        'prune-api-tokens' | [allUsers: true, expired: true, dryRun: false]  | 'expired=true'    || 'ERROR: expired=true needs token expiry, which Jenkins has from 2.548' | 'No token meets the criteria'
        'create-api-token' | [user: 'svc-ci', name: 'e', expires: '30']      | 'expires=30'      || 'ERROR: token expiry needs Jenkins 2.548 or newer' | "Created API token 'e' for user 'svc-ci'"
    }

    def 'the stand-in really is older: at 2.259 the scripting API is absent, at 2.547 the expiry overloads are'() {
        given:
        ClassLoader at2259 = new VersionedStandIn('2.259', VersionsSpec.classLoader)
        ClassLoader at2547 = new VersionedStandIn('2.547', VersionsSpec.classLoader)
        ClassLoader now = new VersionedStandIn('2.579', VersionsSpec.classLoader)

        expect:
        !at2259.loadClass('jenkins.security.ApiTokenProperty').methods*.name.contains('generateNewToken')
        at2547.loadClass('jenkins.security.ApiTokenProperty').methods.count { it.name == 'generateNewToken' } == 1
        at2547.loadClass('jenkins.security.apitoken.ApiTokenStore').methods.findAll { it.name == 'addFixedNewToken' }*.parameterCount == [2]
        now.loadClass('jenkins.security.apitoken.ApiTokenStore').methods.findAll { it.name == 'addFixedNewToken' }*.parameterCount == [3]
        !at2547.loadClass('jenkins.security.apitoken.ApiTokenStore$HashedToken').methods*.name.contains('isExpired')
        !at2547.loadClass('jenkins.security.ApiTokenProperty$TokenInfoAndStats').fields*.name.contains('expired')
        now.loadClass('jenkins.security.ApiTokenProperty$TokenInfoAndStats').fields*.name.containsAll(['expired', 'aboutToExpire', 'expirationDate'])
    }

    def 'the default test class path is the release the stand-in follows: no member core removed before it; a loader at 2.547 has it'() {
        given:
        ClassLoader at2547 = new VersionedStandIn('2.547', VersionsSpec.classLoader)
        VersionedStandIn release = new VersionedStandIn(StandInRelease.VERSION, VersionsSpec.classLoader)
        File classes = new File(ApiTokenStore.protectionDomain.codeSource.location.toURI())
        List<File> leftOver = []
        classes.eachFileRecurse(FileType.FILES) { File f ->
            byte[] compiled = f.name.endsWith('.class') && !f.path.contains('META-INF') ? f.bytes : null
            if (compiled != null && !release.withoutYoungerMembers(compiled).is(compiled)) {
                leftOver << f.name
            }
        }

        expect: 'ApiTokenStore.addFixedNewToken(String, String) was gone in 2.548: as in the 2.568.2 jar, only the expiry form'
        ApiTokenStore.methods.findAll { it.name == 'addFixedNewToken' }*.parameterTypes == [[String, String, LocalDate] as Class[]]
        !new ApiTokenStore().metaClass.respondsTo(new ApiTokenStore(), 'addFixedNewToken', String, String)
        at2547.loadClass(ApiTokenStore.name).methods.findAll { it.name == 'addFixedNewToken' }*.parameterTypes == [[String, String] as Class[]]
        Jenkins.VERSION == StandInRelease.VERSION + '-SNAPSHOT'

        and: 'no class file of the stand-in keeps a member its @Since says core had removed by then'
        leftOver == []
    }

    def 'audit-api-tokens below 2.548: no expiry, so one controller-wide finding says so, and no expiry finding is made'() {
        when:
        String old = run('2.547', 'audit-api-tokens', [user: 'alice'])
        String now = run('2.548', 'audit-api-tokens', [user: 'alice'])

        then:
        old.contains('(controller)\n  info      expiry-unavailable: tokens cannot expire before Jenkins 2.548 (LTS 2.555.1)')
        !old.contains('no-expiry')
        !now.contains('expiry-unavailable')
        now.contains('no-expiry: never expires')
    }

    def 'a lifetime policy below 2.548: no expiry, so a policy is refused naming the version, while no policy still works'() {
        expect:
        run('2.547', 'create-api-token', [user: 'svc-ci', name: 'p', requireExpiry: true]) ==
                'ERROR: the lifetime policy (requireExpiry=true) needs token expiry, which Jenkins has from 2.548 (LTS 2.555.1); nothing was changed\n'
        run('2.547', 'create-api-token', [user: 'svc-ci', name: 'p']).startsWith("Created API token 'p'")
    }
}
