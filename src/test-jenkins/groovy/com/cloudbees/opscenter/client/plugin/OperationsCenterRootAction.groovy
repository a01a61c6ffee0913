package com.cloudbees.opscenter.client.plugin

import io.github.apitokenkit.support.OperationsCenter

/**
 * Fake of the CloudBees CI class a connected controller has (plugin operations-center-client), reduced to what
 * public administration scripts call: the static descriptor() and the descriptor's isEnabled(). The kit's scripts
 * look it up by name, as they must on plain Jenkins where it does not exist. Specs switch it with
 * {@link OperationsCenter}.
 */
class OperationsCenterRootAction {
    static DescriptorImpl descriptor() {
        OperationsCenter.installed ? new DescriptorImpl() : null
    }

    static class DescriptorImpl {
        boolean isEnabled() {
            OperationsCenter.connected
        }
    }
}
