# Set-up shared by the benchmark scripts: build, revision, work directory, throwaway cluster.
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/common.sh"

# bench_option "$@": takes the options every benchmark has (--port N, --dir DIR, --no-build,
# --keep, and --no-docs and --tables N, which tools/bench passes to all of them) into port, dir,
# build, keep; sets bench_shift to the words it used, 0 when $1 is none of them.
bench_option() {
  bench_shift=1
  case $1 in
    --port) port=$2; bench_shift=2 ;;
    --dir) dir=$2; bench_shift=2 ;;
    --no-build) build=no ;;
    --keep) keep=yes ;;
    --no-docs) ;;  # none of these writes docs/benchmarks.md
    --tables) echo "note: --tables does not apply to $0 (ignored)"; bench_shift=2 ;;
    *) bench_shift=0 ;;
  esac
}

# bench_start NAME [postgresql.conf lines...]
# Reads build (yes|no), dir (empty: a new directory), keep (yes|no), port and database; builds
# and installs the tree unless build=no; sets revision (what is measured) and work (the cluster's
# directory, removed at exit unless keep=yes); starts the cluster with the given settings.
bench_start() {
  local name=$1
  shift
  if [ "$build" = yes ]; then
    steward_install_dependencies
    steward_build_install
  fi
  revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if ! git diff --quiet HEAD -- src 2>/dev/null ||
    [ -n "$(git ls-files --others --exclude-standard -- src 2>/dev/null)" ]; then
    revision="$revision + uncommitted changes under src/"
  fi
  [ "$build" = yes ] || revision="$revision (--no-build: whatever was installed)"
  echo "pg_steward revision: $revision"

  if [ -n "${dir:-}" ]; then
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
      echo "--dir $dir exists and is not empty: refusing to use it" >&2
      exit 2
    fi
    mkdir -p "$dir"
    work=$(cd "$dir" && pwd)
  else
    work=$(mktemp -d "/tmp/pg_steward_$name.XXXXXX")
  fi
  chmod 755 "$work"
  trap bench_cleanup EXIT

  steward_log "starting a throwaway cluster in $work (port $port)"
  steward_cluster_start "$work" "$port" "$@"
}

bench_cleanup() {
  steward_cluster_stop "$work" || true
  if [ "$keep" = yes ]; then
    echo "cluster kept; start it with: $STEWARD_PG_BIN/pg_ctl -D $work/data start (as ${PGUSER:-$STEWARD_OS_USER}),"
    echo "then: PGHOST=$work PGPORT=$port psql -U ${PGUSER:-$STEWARD_OS_USER} $database"
  else
    rm -rf "$work"
  fi
}

# Machine load, for the reports. cpu_sample prints "busy total" jiffies of all cores (idle and
# iowait are not busy); cpu_busy_since SAMPLE prints the percent busy since that sample.
cpu_sample() { awk '/^cpu / { total = 0; for (i = 2; i <= 9; i++) total += $i; print total - $5 - $6, total }' /proc/stat; }
cpu_busy_since() {
  local b0 t0 b1 t1
  read -r b0 t0 <<<"$1"
  read -r b1 t1 <<<"$(cpu_sample)"
  awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", t ? 100 * b / t : 0 }'
}
# How many other PostgreSQL clusters run on the machine (the figures may share it with them).
other_clusters() { ps -eo args= | awk -v own="$work/data" '$1 ~ /\/postgres$/ && $2 == "-D" && $3 != own' | wc -l; }
# "2 cores (model), 23.5 GiB RAM"
bench_machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
}

# bench_report_head TITLE: the first lines of a report: date, machine and the filesystem of the
# work directory, PostgreSQL's version, the revision and the command (reads server_version,
# revision, command_line, started).
bench_report_head() {
  echo "## $1"
  echo
  echo "- Date: $(date -u)"
  echo "- Machine: $(bench_machine), $(df -T "$work" | awk 'NR == 2 { print $2 }') on $(df "$work" | awk 'NR == 2 { print $1 }'); PostgreSQL $server_version"
  echo "- pg_steward: revision $revision"
  echo "- Command: \`$command_line\` ($((SECONDS - started)) s)"
}
