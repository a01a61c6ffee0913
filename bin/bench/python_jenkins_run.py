"""python-jenkins (Debian's python3-jenkins) posting a ready script text: Jenkins(url, user, token).run_script.
Usage: python3 python_jenkins_run.py URL USER TOKEN_FILE SCRIPT_FILE"""
import sys

import jenkins

url, user, token_file, script_file = sys.argv[1:5]
with open(token_file) as f:
    token = f.read().strip()
with open(script_file) as f:
    script = f.read()
print(len(jenkins.Jenkins(url, username=user, password=token).run_script(script)))
