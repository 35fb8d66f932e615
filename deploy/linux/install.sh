#!/usr/bin/env bash
# Install, upgrade or uninstall the NewsWatch worker as a systemd service.
#
#   sudo ./install.sh [--source DIR]   install, or upgrade an existing installation
#   sudo ./install.sh --uninstall      remove the service and /opt/newswatch
#
# DIR defaults to the current directory and must hold the linux-x64 publish output
# (newswatch, appsettings.json, ...). newswatch.service is taken from the directory
# of this script, or else from DIR.
#
# Layout:
#   /opt/newswatch/                        program files (root-owned, replaced on upgrade)
#   /etc/newswatch/newswatch.json          configuration (installed once, never overwritten)
#   /var/lib/newswatch/newswatch.db        database (owned by the newswatch user)
#   /etc/systemd/system/newswatch.service  unit
#
# --uninstall keeps /etc/newswatch, /var/lib/newswatch and the newswatch user.
set -euo pipefail

readonly SERVICE=newswatch
readonly SVC_USER=newswatch
readonly SVC_GROUP=newswatch
readonly PREFIX=/opt/newswatch
readonly CONF_DIR=/etc/newswatch
readonly CONF_FILE=$CONF_DIR/newswatch.json
readonly STATE_DIR=/var/lib/newswatch
readonly DB_FILE=$STATE_DIR/newswatch.db
readonly UNIT_FILE=/etc/systemd/system/$SERVICE.service

die() { echo "install.sh: error: $*" >&2; exit 1; }
info() { echo "==> $*"; }

usage() {
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Runs a newswatch command as the service user, with the configuration, database,
# working directory and environment of the service.
as_service_user() {
    (cd "$STATE_DIR" && runuser -u "$SVC_USER" -- env \
        HOME="$STATE_DIR" \
        DOTNET_ENVIRONMENT=Production \
        NewsWatch__Database="$DB_FILE" \
        "$PREFIX/newswatch" "$@" --config "$CONF_FILE")
}

do_uninstall() {
    if [[ -e $UNIT_FILE ]]; then
        info "Stopping and disabling $SERVICE (waits for an in-flight poll to finish)"
        systemctl disable --now "$SERVICE.service" || true
    fi
    info "Removing $UNIT_FILE and $PREFIX"
    rm -f "$UNIT_FILE"
    rm -rf "$PREFIX" "$PREFIX.new"
    systemctl daemon-reload
    systemctl reset-failed "$SERVICE.service" 2>/dev/null || true

    echo
    echo "NewsWatch is uninstalled. Kept on purpose (delete by hand if no longer wanted):"
    echo "  $CONF_DIR/         configuration"
    echo "  $STATE_DIR/     database"
    echo "  user and group $SVC_USER (owner of the database)"
    if [[ -d /etc/systemd/system/$SERVICE.service.d ]]; then
        echo "  /etc/systemd/system/$SERVICE.service.d/   local drop-ins"
    fi
}

do_install() {
    local src=$1 script_dir unit_src
    script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

    [[ $src != "$PREFIX" ]] || die "--source must not be $PREFIX itself"
    [[ -f $src/newswatch ]] || die "$src/newswatch not found; run from the linux-x64 publish folder or pass --source DIR"
    [[ -f $src/appsettings.json ]] || die "$src/appsettings.json not found"
    if [[ -f $script_dir/newswatch.service ]]; then
        unit_src=$script_dir/newswatch.service
    elif [[ -f $src/newswatch.service ]]; then
        unit_src=$src/newswatch.service
    else
        die "newswatch.service not found next to install.sh or in $src"
    fi
    command -v systemctl >/dev/null || die "systemctl not found; this script needs systemd"
    command -v runuser >/dev/null || die "runuser (util-linux) not found"

    # Stage the program files next to the target; the running service is not touched yet.
    info "Staging program files from $src"
    local stage=$PREFIX.new
    rm -rf "$stage"
    mkdir -p "$stage"
    cp -R "$src/." "$stage/"
    rm -f "$stage/install.sh" "$stage/newswatch.service"
    chown -R root:root "$stage"
    chmod -R u=rwX,go=rX "$stage"
    chmod 0755 "$stage/newswatch"

    # Fails here, before anything is changed, if the .NET runtime is missing.
    if ! "$stage/newswatch" --version >/dev/null; then
        rm -rf "$stage"
        die "$stage/newswatch does not start; is the ASP.NET Core Runtime 10 (aspnetcore-runtime-10.0) installed?"
    fi

    # System user and group: no login, no home of its own; owns only the state directory.
    if ! getent group "$SVC_GROUP" >/dev/null; then
        info "Creating group $SVC_GROUP"
        groupadd --system "$SVC_GROUP"
    fi
    if ! getent passwd "$SVC_USER" >/dev/null; then
        info "Creating user $SVC_USER"
        local nologin
        nologin=$(command -v nologin || echo /usr/sbin/nologin)
        useradd --system --gid "$SVC_GROUP" --home-dir "$STATE_DIR" --no-create-home \
            --shell "$nologin" --comment "NewsWatch worker" "$SVC_USER"
    fi

    # Upgrade: stop first, so that files are not replaced under a running process.
    local upgrading=no
    if systemctl is-active --quiet "$SERVICE.service"; then
        upgrading=yes
        info "Stopping $SERVICE (waits for an in-flight poll to finish)"
        systemctl stop "$SERVICE.service"
    fi

    info "Installing program files to $PREFIX"
    rm -rf "$PREFIX"
    mv "$stage" "$PREFIX"

    # Configuration: created from the shipped appsettings.json only if absent.
    install -d -m 0750 -o root -g "$SVC_GROUP" "$CONF_DIR"
    if [[ -e $CONF_FILE ]]; then
        info "Keeping existing $CONF_FILE"
    else
        info "Creating $CONF_FILE from the shipped appsettings.json"
        # Point it at the service database, so that CLI commands run with --config
        # use the same file (the unit sets NewsWatch__Database as well).
        local tmp
        tmp=$(mktemp)
        sed "s|\"Database\"[[:space:]]*:[[:space:]]*\"data/newswatch.db\"|\"Database\": \"$DB_FILE\"|" \
            "$src/appsettings.json" >"$tmp"
        install -m 0640 -o root -g "$SVC_GROUP" "$tmp" "$CONF_FILE"
        rm -f "$tmp"
    fi

    # State directory: StateDirectory= creates it when the service starts, but the
    # migration below runs first.
    install -d -m 0750 -o "$SVC_USER" -g "$SVC_GROUP" "$STATE_DIR"

    info "Installing $UNIT_FILE"
    install -m 0644 -o root -g root "$unit_src" "$UNIT_FILE"
    systemctl daemon-reload

    info "Migrating the database"
    as_service_user db migrate

    info "Enabling and starting $SERVICE"
    if ! systemctl enable --now "$SERVICE.service"; then
        die "$SERVICE did not start; see: journalctl -u $SERVICE -n 50"
    fi
    systemctl --no-pager --lines=5 status "$SERVICE.service" || true

    echo
    if [[ $upgrading == yes ]]; then echo "NewsWatch upgraded."; else echo "NewsWatch installed."; fi
    echo "  Configuration: $CONF_FILE (after editing: systemctl restart $SERVICE)"
    echo "  Database:      $DB_FILE"
    echo "  Logs:          journalctl -u $SERVICE -f"
}

main() {
    local mode=install src=$PWD
    while (($#)); do
        case $1 in
            --uninstall) mode=uninstall ;;
            --source) [[ $# -ge 2 ]] || die "--source needs a directory"; src=$2; shift ;;
            --source=*) src=${1#--source=} ;;
            -h | --help) usage; exit 0 ;;
            *) die "unknown argument '$1' (see --help)" ;;
        esac
        shift
    done
    [[ $EUID -eq 0 ]] || die "must be run as root"

    if [[ $mode == uninstall ]]; then
        do_uninstall
    else
        src=$(cd "$src" && pwd) || die "no such directory: $src"
        do_install "$src"
    fi
}

main "$@"
