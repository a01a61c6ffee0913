// bin/bench-compile's measurement, posted to a controller's /scriptText: where the time of one create-api-token call goes
// inside Jenkins, against the seed article's script. bin/bench-compile writes the three files' paths and the rounds in
// place of the @@ markers. Each round compiles the launcher's posted text (its prologue), compiles the kit script (the
// payload carries it verbatim), and runs the posted text whole, as /scriptText does; then compiles and runs the
// article's script.
// The first half of the rounds only warms up. The tokens both make are revoked after each round, so that saving the
// user costs the same in every round.
def loader = jenkins.model.Jenkins.get().pluginManager.uberClassLoader
String posted = new File('@@POSTED@@').getText('UTF-8')
String script = new File('@@SCRIPT@@').getText('UTF-8')
String article = new File('@@ARTICLE@@').getText('UTF-8')
def alice = hudson.model.User.getById('alice', false)
def store = alice.getProperty(jenkins.security.ApiTokenProperty).tokenStore
Map<String, List<Double>> times = [:].withDefault { [] }
int rounds = @@ROUNDS@@
for (int round = 1; round <= 2 * rounds; round++) {
    Map<String, Double> took = [:]
    [['prologue compile', posted, 'posted.groovy', false], ['script compile', script, 'create_api_token.groovy', false],
     ['posted call', posted, 'posted.groovy', true], ['article compile', article, 'article.groovy', false],
     ['article call', article, 'article.groovy', true]].each { String what, String text, String name, boolean runs ->
        GroovyShell shell = new GroovyShell(loader, new Binding(out: new PrintWriter(new StringWriter())))
        long start = System.nanoTime()
        runs ? shell.evaluate(text, name) : shell.parse(text, name)
        took[what] = (System.nanoTime() - start) / 1e6
    }
    store.tokenListSortedByName.findAll { it.name == 'bench' }.each { store.revokeToken(it.uuid) }
    alice.save()
    if (round > rounds) {
        took.each { String what, Double ms -> times[what] << ms }
        times['script run'] << took['posted call'] - took['prologue compile'] - took['script compile']
        times['article run'] << took['article call'] - took['article compile']
    }
}
Closure<String> median = { String what -> String.format('%.1f', times[what].sort()[times[what].size().intdiv(2)]) }
println(['prologue compile', 'script compile', 'script run', 'posted call', 'article compile', 'article run', 'article call']
        .collect { "${it} ${median(it)}" }.join(', '))
null
