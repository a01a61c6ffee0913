/*
 * Ends this controller when the test JVM that started it ends, however it ends (a failing spec, a killed build):
 * the JVM passes its own process id as -DapiTokenKit.testJvm. ProcessHandle through reflection: Groovy 2.4 cannot
 * call a static method of an interface.
 */
String pid = System.getProperty('apiTokenKit.testJvm')
if (pid) {
    Optional testJvm = (Optional) Class.forName('java.lang.ProcessHandle').getMethod('of', long).invoke(null, pid as long)
    Runnable end = { Runtime.runtime.halt(0) } as Runnable
    if (testJvm.present) {
        testJvm.get().onExit().thenRun(end)
    } else {
        end.run()
    }
}
