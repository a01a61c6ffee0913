// The seed article's Groovy for an administrator to create a token for any user, as it prints it, on lines; its two parameters set to what bin/bench-launcher's create-api-token row uses.
import hudson.model.*
import jenkins.model.*
import jenkins.security.*
import jenkins.security.apitoken.*
// script parameters
def userName = 'alice'
def tokenName = 'bench'
def user = User.get(userName, false)
def apiTokenProperty = user.getProperty(ApiTokenProperty.class)
def result = apiTokenProperty.tokenStore.generateNewToken(tokenName)
user.save()
return result.plainValue
