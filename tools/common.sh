# Shared by tools/demo, tools/test and tools/bench: dependencies, build, throwaway clusters.
# Source it; it defines functions and sets nothing else.

# Where initdb, pg_ctl and postgres come from; steward_build_install exports it when it had to
# make a private installation, so that child scripts (scenarios) use the same one.
STEWARD_PG_BIN=${STEWARD_PG_BIN:-/usr/lib/postgresql/15/bin}
STEWARD_OS_USER=steward   # the unprivileged user that runs PostgreSQL when we are root

# Debian packages everything here needs: server, headers, contrib, pgTAP, compilers, libraries.
# (postgresql-contrib, not postgresql-contrib-15: on Debian 12 the latter is a virtual package
# that dpkg never reports as installed.)
STEWARD_PACKAGES="postgresql-15 postgresql-contrib postgresql-server-dev-15 postgresql-15-pgtap
  libtap-parser-sourcehandler-pgtap-perl build-essential g++ make cmake libboost-dev libssl-dev
  libgtest-dev libphonenumber-dev libre2-dev libkrb5-dev"

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

# Builds and installs; a lock keeps two builds in the same tree from interleaving. Root (or
# anyone who can write PostgreSQL's directories, or use sudo) installs into the system. Anyone
# else gets a private installation: see steward_private_install.
steward_build_install() {
  steward_log "building and installing pg_steward"
  (
    flock 9
    make -s -j"$(nproc)" >/dev/null
    if [ -w "$(pg_config --pkglibdir)" ] && [ -w "$(pg_config --sharedir)/extension" ]; then
      make -s install >/dev/null
    elif sudo -n true 2>/dev/null; then
      sudo make -s install >/dev/null
    else
      steward_private_install
    fi
  ) 9>"${TMPDIR:-/tmp}/pg_steward_build.$(id -un).lock"
  local private
  private=$(steward_private_root)$(pg_config --bindir)
  if [ -x "$private/postgres" ] && [ ! -w "$(pg_config --pkglibdir)" ] && ! sudo -n true 2>/dev/null; then
    export STEWARD_PG_BIN=$private
    echo "(no write access to PostgreSQL's directories: using a private installation in $(steward_private_root))"
  fi
}

steward_private_root() { echo "${TMPDIR:-/tmp}/pg_steward_install.$(id -un)"; }

# A private PostgreSQL installation for users who cannot write the system's: our files installed
# with DESTDIR, copies of postgres, initdb and pg_ctl (which find share/ and lib/ relative to
# their own location, after resolving symbolic links), and links to everything else.
steward_private_install() {
  local root bindir sharedir libdir
  root=$(steward_private_root)
  bindir=$(pg_config --bindir) sharedir=$(pg_config --sharedir) libdir=$(pg_config --pkglibdir)
  rm -rf "$root"
  make -s install DESTDIR="$root" >/dev/null
  mkdir -p "$root$bindir"
  for program in postgres initdb pg_ctl; do cp "$bindir/$program" "$root$bindir/"; done
  local dir file
  for dir in "$sharedir" "$libdir"; do
    (cd "$dir" && find . \( -type f -o -type l \) -print) | while read -r file; do
      [ -e "$root$dir/$file" ] && continue
      mkdir -p "$(dirname "$root$dir/$file")"
      ln -s "$dir/$file" "$root$dir/$file"
    done
  done
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
