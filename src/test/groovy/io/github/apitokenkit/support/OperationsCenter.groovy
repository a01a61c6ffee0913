package io.github.apitokenkit.support

import hudson.PluginManager
import hudson.PluginWrapper
import jenkins.model.Jenkins

import java.lang.reflect.Constructor
import java.lang.reflect.Field

/**
 * Makes the running stand-in look like a CloudBees CI controller: the operations-center-client plugin installed
 * (active or not) and its root action's descriptor enabled (connected) or not. Reflection is confined here: the
 * stand-in's PluginWrapper, like core's, has no public way to fake a plugin.
 */
class OperationsCenter {
    static volatile boolean installed
    static volatile boolean connected

    static void controller(boolean pluginActive, boolean connectedToOperationsCenter) {
        installed = true
        connected = connectedToOperationsCenter
        Constructor<PluginWrapper> constructor = PluginWrapper.getDeclaredConstructor(String, String, boolean)
        constructor.accessible = true
        Field plugins = PluginManager.getDeclaredField('plugins')
        plugins.accessible = true
        ((List) plugins.get(Jenkins.get().pluginManager)) << constructor.newInstance('operations-center-client', '2.0', pluginActive)
    }

    static void reset() {
        installed = false
        connected = false
    }
}
