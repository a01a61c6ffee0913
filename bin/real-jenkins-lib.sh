# Sourced by bin/real-jenkins-tier and bin/real-jenkinsrule: where the real Jenkins material is.

# The shared/real-jenkins folder: $REAL_JENKINS_DIR, or else the first one found beside this checkout or up to three
# levels above it, then beside the local repository it was cloned from (a CI clone elsewhere). Empty when none.
real_jenkins_dir() {
  local dir=${REAL_JENKINS_DIR:-} origin base up
  if [ -z "$dir" ]; then
    origin=$(git config --get remote.origin.url 2>/dev/null || true)
    for base in "$PWD" ${origin:+"$origin"}; do
      [ -d "$base" ] || continue
      for up in "$base/.." "$base/../.." "$base/../../.."; do
        if [ -z "$dir" ] && [ -d "$up/shared/real-jenkins" ]; then dir=$(cd "$up/shared/real-jenkins" && pwd); fi
      done
    done
  fi
  printf '%s' "$dir"
}
