package io.github.apitokenkit.launcher

import io.github.apitokenkit.conventions.ScriptConventionsSpec
import spock.lang.Specification
import spock.lang.Unroll

import java.util.regex.Pattern

/**
 * The launcher reads a script's header with plain string searches (no regular expression on a call's way to its first
 * request). It must read every bundled script as the regular expressions that say what the header means would.
 */
class ScriptHeaderSpec extends Specification {
    /** What the Secrets line means, as a regular expression: the launcher's earlier reading, kept here as the reference. */
    static boolean printsSecretsByRegex(String source) {
        int end = source.indexOf('*/')
        def line = (end < 0 ? '' : source.substring(0, end)) =~ /(?m)^ \* Secrets:\s+(.*)$/
        !line.find() || !line.group(1).startsWith('none')
    }

    static boolean documentsByRegex(String source, String parameter) {
        int end = source.indexOf('*/')
        (end < 0 ? '' : source.substring(0, end)) =~ /(?m)^ \*\s+${Pattern.quote(parameter)}\s/
    }

    @Unroll
    def '#script.name: its Secrets line and every word it holds read as the reference reads them'() {
        given:
        String source = script.getText('UTF-8')
        Set<String> words = (source =~ /[A-Za-z][A-Za-z0-9]*/).collect { it } as Set

        expect:
        ScriptHeader.printsSecrets(source) == printsSecretsByRegex(source)
        words.findAll { ScriptHeader.documents(source, it) != documentsByRegex(source, it) } == [] as Set
        words.count { ScriptHeader.documents(source, it) } >= 2

        where:
        script << ScriptConventionsSpec.scripts()
    }

    @Unroll
    def 'a header #what: prints secrets #secrets, documents user #user'() {
        expect:
        ScriptHeader.printsSecrets(source) == secrets
        ScriptHeader.documents(source, 'user') == user
        printsSecretsByRegex(source) == secrets
        documentsByRegex(source, 'user') == user

        where:
        what                                   | source                                                               || secrets | user
        'saying none'                          | '/*\n * Secrets: none: it reads\n *   user  who\n */\n'                || false   | true
        'saying none, with CRLF lines'         | '/*\r\n * Secrets: none\r\n *   user\r\n */\r\n'                      || false   | true
        'saying none, with CR lines'           | '/*\r * Secrets: none\r *   user\r */\r'                              || false   | true
        'saying none, with U+2028 lines'       | '/*\u2028 * Secrets: none\u2028 *   user  who\u2028 */'                 || false   | true
        'saying what it prints'                | '/*\n * Secrets: the new value, sealed\n *\tuser\tthe owner\n */'     || true    | true
        'without a Secrets line'               | '/*\n *   userName  not user\n */'                                     || true    | false
        'with none right after the colon'      | '/*\n * Secrets:none\n */'                                           || true    | false
        'whose first Secrets line counts'      | '/*\n * Secrets: a value\n * Secrets: none\n */'                     || true    | false
        'ending before the Secrets line'       | '/*\n *   user\n */\n// * Secrets: none\n'                           || true    | true
        'that never ends'                      | '/*\n * Secrets: none\n *   user\n'                                   || true    | false
        'naming user in prose, not as an entry' | '/*\n * The user is asked.\n *user\n */'                            || true    | false
    }
}
