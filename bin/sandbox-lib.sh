# Shared by bin/demo and bin/bench-launcher: start and stop stand-in sandboxes, and real Jenkins wars, as plain java
# processes.
# Needs a built tree (mvn -B verify): target/classes, target/test-classes and target/api-token-kit.jar.

kit_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sandbox_pids=()

sandbox_classpath() {
  local file="$kit_root/target/sandbox.classpath"
  if [ ! -s "$file" ]; then
    (cd "$kit_root" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$file" >/dev/null)
  fi
  echo "$kit_root/target/test-classes:$kit_root/target/classes:$(cat "$file")"
}

free_port() {
  java -cp "$(sandbox_classpath)" groovy.ui.GroovyMain \
    -e 'print new ServerSocket(0).withCloseable { it.localPort }'
}

# start_sandbox PORT LOGFILE [HOME]: starts one sandbox in the background and waits until it prints its URL.
start_sandbox() {
  local port=$1 log=$2 home=${3:-} classpath
  classpath=$(sandbox_classpath)
  java --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED -cp "$classpath" io.github.apitokenkit.standin.Sandbox --port "$port" \
    ${home:+--home "$home"} >"$log" 2>&1 &
  sandbox_pids+=($!)
  wait_until_up "$log" 300 "the sandbox on port $port"
}

# start_real_jenkins WAR PORT LOGFILE: starts a real Jenkins from any jenkins.war in the background, as the specs do
# (io.github.apitokenkit.support.RealJenkinsProcess: a temporary home, the same two accounts; JENKINS_JAVA, a Java
# home, chooses its Java as -Djenkins.java does for the specs), and waits until it prints its URL (RealJenkins gives a
# start 180 s). Its log names a file only its owner may read holding an API token of admin's:
# real_jenkins_token_file LOGFILE. stop_sandboxes stops it, and deletes its home with that file.
start_real_jenkins() {
  local war=$1 port=$2 log=$3 classpath
  classpath=$(sandbox_classpath)
  java ${JENKINS_JAVA:+"-Djenkins.java=$JENKINS_JAVA"} -cp "$classpath" io.github.apitokenkit.support.RealJenkinsProcess \
    --war "$war" --port "$port" >"$log" 2>&1 &
  sandbox_pids+=($!)
  wait_until_up "$log" 2000 "Jenkins from $war on port $port"
}

real_jenkins_token_file() {
  sed -n 's/^Admin API token in \(.*\) (owner only)$/\1/p' "$1"
}

# real_jenkins_name LOGFILE: "Jenkins VERSION", as the Jenkins that wrote LOGFILE says it is.
real_jenkins_name() {
  sed -n 's/^\(Jenkins [^ ]*\) at .*/\1/p' "$1"
}

# wait_until_up LOGFILE TENTHS WHAT: waits for the last controller started to print its `Logins:` line, at most
# TENTHS tenths of a second; says why in one line if it ends first or takes longer.
wait_until_up() {
  local log=$1 tenths=$2 what=$3
  for _ in $(seq 1 "$tenths"); do
    grep -q '^Logins:' "$log" 2>/dev/null && return 0
    kill -0 "${sandbox_pids[-1]}" 2>/dev/null || { tail -n 1 "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "$what did not start; see $log" >&2
  return 1
}

# kit_log_lines LOGFILE: the kit's own log messages in a console log, without what the log layout puts before them:
# the sandbox's and a real Jenkins's layout (`2026-12-07 19:08:20.123+0000 [id=42]<TAB>INFO<TAB>source#method: `), or
# java.util.logging's plain one (`INFO: ` on the line after the date).
kit_log_lines() {
  grep -h 'api-token-kit: ' "$1" | sed -E \
    -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+[+-][0-9]{4} \[id=[0-9]+\]\t[A-Z]+\t[^ ]*: //' \
    -e 's/^[A-Z]+: //'
}

# stop_sandboxes: stops every sandbox and real Jenkins started here.
stop_sandboxes() {
  for pid in "${sandbox_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${sandbox_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  sandbox_pids=()
}

require_build() {
  if [ ! -f "$kit_root/target/api-token-kit.jar" ] || [ ! -d "$kit_root/target/test-classes" ]; then
    echo "Build first: mvn -B verify" >&2
    exit 2
  fi
}
