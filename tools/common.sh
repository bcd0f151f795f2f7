# Shared by tools/demo, tools/test and tools/bench: dependencies, build, throwaway clusters.
# Source it; it defines functions and sets nothing else.

STEWARD_PG_BIN=/usr/lib/postgresql/15/bin
STEWARD_OS_USER=steward   # the unprivileged user that runs PostgreSQL when we are root

# Debian packages everything here needs: server, headers, contrib, pgTAP, compilers, libraries.
# (postgresql-contrib, not postgresql-contrib-15: on Debian 12 the latter is a virtual package
# that dpkg never reports as installed.)
STEWARD_PACKAGES="postgresql-15 postgresql-contrib postgresql-server-dev-15 postgresql-15-pgtap
  libtap-parser-sourcehandler-pgtap-perl build-essential g++ make cmake libboost-dev libssl-dev
  libgtest-dev"

steward_log() { printf '\n== %s\n' "$*"; }

steward_install_dependencies() {
  local missing=()
  for package in $STEWARD_PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]}" >&2
    echo "run this command as root once, or: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  steward_log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Runs a command as the user that owns the cluster.
steward_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$STEWARD_OS_USER" -- "$@"; else "$@"; fi
}

# Builds and installs; a lock keeps two builds in the same tree from interleaving.
steward_build_install() {
  steward_log "building and installing pg_steward"
  local install=(make -s install)
  if [ ! -w "$(pg_config --pkglibdir)" ]; then
    if sudo -n true 2>/dev/null; then
      install=(sudo make -s install)
    else
      echo "cannot write to $(pg_config --pkglibdir): run 'make install' as root once" >&2
      return 1
    fi
  fi
  (
    flock 9
    make -s -j"$(nproc)" >/dev/null
    "${install[@]}" >/dev/null
  ) 9>"${TMPDIR:-/tmp}/pg_steward_build.lock"
}

# steward_cluster_start DIR PORT [extra postgresql.conf lines...]
# Creates and starts a cluster in DIR listening only on a Unix socket in DIR, and exports
# PGHOST, PGPORT, PGUSER, PGDATABASE for the clients that follow.
steward_cluster_start() {
  local dir=$1 port=$2
  shift 2
  if [ "$(id -u)" -eq 0 ]; then
    id "$STEWARD_OS_USER" >/dev/null 2>&1 ||
      useradd --system --create-home --shell /bin/bash "$STEWARD_OS_USER"
    mkdir -p "$dir"
    chown "$STEWARD_OS_USER" "$dir"
    export PGUSER=$STEWARD_OS_USER
  else
    mkdir -p "$dir"
    export PGUSER=$(id -un)
  fi
  steward_as_owner "$STEWARD_PG_BIN/initdb" -D "$dir/data" --auth=trust --data-checksums \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  {
    echo "listen_addresses = ''"
    echo "unix_socket_directories = '$dir'"
    echo "port = $port"
    echo "shared_preload_libraries = 'pg_stat_statements,pg_steward'"
    echo "max_prepared_transactions = 10"
    for line in "$@"; do echo "$line"; done
  } | steward_as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
  steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
  export PGHOST=$dir PGPORT=$port PGDATABASE=postgres
}

steward_cluster_stop() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] &&
    steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  return 0
}
