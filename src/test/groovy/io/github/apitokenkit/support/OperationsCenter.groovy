package io.github.apitokenkit.support

/**
 * Makes the running Jenkins look like a CloudBees CI controller: the operations-center-client plugin installed
 * (active or not, JenkinsSide.installPlugin) and its root action's descriptor enabled (connected) or not (the
 * simulated OperationsCenterRootAction in src/test-jenkins/groovy/com reads these flags).
 */
class OperationsCenter {
    static volatile boolean installed
    static volatile boolean connected

    static void controller(boolean pluginActive, boolean connectedToOperationsCenter) {
        installed = true
        connected = connectedToOperationsCenter
        JenkinsSide.installPlugin('operations-center-client', '2.0', pluginActive)
    }

    static void reset() {
        if (installed) {
            JenkinsSide.removePlugin('operations-center-client')
        }
        installed = false
        connected = false
    }
}
