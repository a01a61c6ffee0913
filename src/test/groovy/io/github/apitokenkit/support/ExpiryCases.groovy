package io.github.apitokenkit.support

import java.time.LocalDate

/**
 * The table of the expiry rule (src/test/resources/io/github/apitokenkit/expiry-cases.tsv), read by the specs of both
 * its implementations: the launcher's (its self commands) and the runtime's (every script's expires parameter).
 */
class ExpiryCases {
    /** [given, meaning] for each line, TODAY and YESTERDAY made dates; a meaning is never, days N, date D or refused WHY. */
    static List<List<String>> all() {
        String today = LocalDate.now().toString()
        String yesterday = LocalDate.now().minusDays(1).toString()
        ExpiryCases.getResource('/io/github/apitokenkit/expiry-cases.tsv').getText('UTF-8').readLines()
                .findAll { !it.startsWith('#') && it.contains('\t') }
                .collect { String line ->
                    line.split('\t', 2).collect { it.replace('YESTERDAY', yesterday).replace('TODAY', today) }
                }
    }

    /** What a parse gave, in the table's words: an expiry date (null for none) as never or date D, days counted from today. */
    static String meaning(LocalDate expiry, String given) {
        if (expiry == null) {
            return 'never'
        }
        given.trim() ==~ /-?\d{1,12}/ ? "days ${LocalDate.now().until(expiry, java.time.temporal.ChronoUnit.DAYS)}" : "date ${expiry}"
    }

    /** A refusal's message in the table's words. */
    static String refusal(String message) {
        message.contains('from 0 to 36500, not') ? 'refused range' : message.contains('is in the past') ? 'refused past' : 'refused form'
    }
}
