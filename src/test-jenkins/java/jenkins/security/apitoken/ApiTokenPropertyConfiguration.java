// Stand-in of jenkins.security.apitoken.ApiTokenPropertyConfiguration (Jenkins 2.579): the three switches and
// their defaults, persisted in $JENKINS_HOME/jenkins.security.apitoken.ApiTokenPropertyConfiguration.xml; each
// setter saves. The upgrade-time forcing of the legacy flags and the configuration category are left out.
package jenkins.security.apitoken;

import jenkins.model.GlobalConfiguration;

public class ApiTokenPropertyConfiguration extends GlobalConfiguration {
    private boolean tokenGenerationOnCreationEnabled = false;
    private boolean creationOfLegacyTokenEnabled = false;
    private boolean usageStatisticsEnabled = true;

    public ApiTokenPropertyConfiguration() {}

    /** Null when the extension is not (or not yet) registered, as in core; its callers do not check (§20). */
    public static ApiTokenPropertyConfiguration get() {
        return GlobalConfiguration.all().get(ApiTokenPropertyConfiguration.class);
    }

    public boolean hasExistingConfigFile() {
        return getConfigFile().exists();
    }

    public boolean isTokenGenerationOnCreationEnabled() {
        return tokenGenerationOnCreationEnabled;
    }

    public void setTokenGenerationOnCreationEnabled(boolean tokenGenerationOnCreationEnabled) {
        this.tokenGenerationOnCreationEnabled = tokenGenerationOnCreationEnabled;
        save();
    }

    public boolean isCreationOfLegacyTokenEnabled() {
        return creationOfLegacyTokenEnabled;
    }

    public void setCreationOfLegacyTokenEnabled(boolean creationOfLegacyTokenEnabled) {
        this.creationOfLegacyTokenEnabled = creationOfLegacyTokenEnabled;
        save();
    }

    public boolean isUsageStatisticsEnabled() {
        return usageStatisticsEnabled;
    }

    public void setUsageStatisticsEnabled(boolean usageStatisticsEnabled) {
        this.usageStatisticsEnabled = usageStatisticsEnabled;
        save();
    }
}
