package io.github.apitokenkit.support

import java.time.LocalDate

/**
 * The tables that hold a rule's two implementations to one meaning (src/test/resources/io/github/apitokenkit/
 * *-cases.tsv), each read by the specs of both: the expiry rule (the launcher's self commands and the runtime's
 * expires parameter) and the shape of a lifetime policy file (the launcher's --policy and the runtime's, which the init
 * file's "policy" goes through).
 */
class RuleCases {
    /** The lines of a table, each split at its first tab; # starts a comment line. */
    static List<List<String>> table(String name) {
        RuleCases.getResource("/io/github/apitokenkit/${name}").getText('UTF-8').readLines()
                .findAll { !it.startsWith('#') && it.contains('\t') }
                .collect { it.split('\t', 2) as List<String> }
    }

    /** [given, meaning] of the expiry rule, TODAY and YESTERDAY made dates; a meaning is never, days N, date D or refused WHY. */
    static List<List<String>> expiry() {
        String today = LocalDate.now().toString()
        String yesterday = LocalDate.now().minusDays(1).toString()
        table('expiry-cases.tsv').collect { List<String> line -> line*.replace('YESTERDAY', yesterday)*.replace('TODAY', today) }
    }

    /** What an expiry parse gave, in the table's words: an expiry date (null for none) as never, days N or date D. */
    static String expiryMeaning(LocalDate expiry, String given) {
        if (expiry == null) {
            return 'never'
        }
        given.trim() ==~ /-?\d{1,12}/ ? "days ${LocalDate.now().until(expiry, java.time.temporal.ChronoUnit.DAYS)}" : "date ${expiry}"
    }

    /** An expiry refusal's message in the table's words. */
    static String expiryRefusal(String message) {
        message.contains('from 0 to 36500, not') ? 'refused range' : message.contains('is in the past') ? 'refused past' : 'refused form'
    }

    /** [JSON, accepted or refused] of the lifetime policy file's shape. */
    static List<List<String>> policy() {
        table('policy-cases.tsv')
    }
}
