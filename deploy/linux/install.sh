#!/usr/bin/env bash
# Install, upgrade or uninstall the NewsWatch worker as a systemd service.
#
#   sudo ./install.sh [--source DIR]   install, or upgrade an existing installation
#   sudo ./install.sh --rollback       go back to the version before the last upgrade,
#                                      with the database as it was before that upgrade
#   sudo ./install.sh --uninstall      remove the service and /opt/newswatch
#
# DIR defaults to the current directory and must hold the linux-x64 publish output
# (newswatch, appsettings.json, ...). newswatch.service is taken from the directory
# of this script, or else from DIR.
#
# Layout:
#   /opt/newswatch/                        program files (root-owned, replaced on upgrade)
#   /opt/newswatch.previous/               the version before the last upgrade (for --rollback)
#   /etc/newswatch/newswatch.json          configuration (installed once, never overwritten)
#   /var/lib/newswatch/newswatch.db        database (owned by the newswatch user)
#   /var/lib/newswatch/backups/            database copies made before each upgrade (last 3 kept)
#   /etc/systemd/system/newswatch.service  unit
#
# An upgrade leaves a stopped service stopped and a disabled one disabled.
# --uninstall keeps /etc/newswatch, /var/lib/newswatch and the newswatch user.
set -euo pipefail

readonly SERVICE=newswatch
readonly SVC_USER=newswatch
readonly SVC_GROUP=newswatch
readonly PREFIX=/opt/newswatch
readonly PREVIOUS=$PREFIX.previous
readonly CONF_DIR=/etc/newswatch
readonly CONF_FILE=$CONF_DIR/newswatch.json
readonly STATE_DIR=/var/lib/newswatch
readonly DB_FILE=$STATE_DIR/newswatch.db
readonly BACKUP_DIR=$STATE_DIR/backups
readonly BACKUPS_KEPT=3
readonly UNIT_FILE=/etc/systemd/system/$SERVICE.service

die() { echo "install.sh: error: $*" >&2; exit 1; }
info() { echo "==> $*"; }

usage() {
    sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Runs a newswatch command as the service user, with the configuration, database,
# working directory and environment of the service. NEWSWATCH chooses the executable.
as_service_user() {
    (cd "$STATE_DIR" && runuser -u "$SVC_USER" -- env \
        HOME="$STATE_DIR" \
        DOTNET_ENVIRONMENT=Production \
        NewsWatch__Database="$DB_FILE" \
        "${NEWSWATCH:-$PREFIX/newswatch}" "$@" --config "$CONF_FILE")
}

# Copies the database (online backup, checked) into $BACKUP_DIR with the executable
# $1; keeps the last $BACKUPS_KEPT copies. Prints the copy's path.
backup_database() {
    local exe=$1 target
    install -d -m 0750 -o "$SVC_USER" -g "$SVC_GROUP" "$BACKUP_DIR"
    target=$BACKUP_DIR/newswatch-$(date -u +%Y%m%dT%H%M%SZ).db
    NEWSWATCH=$exe as_service_user db backup "$target" >&2 || return 1
    # Oldest first by name (the names sort by time); keep the newest few.
    local old
    while IFS= read -r old; do
        rm -f -- "$old"
    done < <(find "$BACKUP_DIR" -maxdepth 1 -name 'newswatch-*.db' | sort | head -n -"$BACKUPS_KEPT")
    echo "$target"
}

do_uninstall() {
    if [[ -e $UNIT_FILE ]]; then
        info "Stopping and disabling $SERVICE (waits for an in-flight poll to finish)"
        systemctl disable --now "$SERVICE.service" || true
    fi
    info "Removing $UNIT_FILE and $PREFIX"
    rm -f "$UNIT_FILE"
    rm -rf "$PREFIX" "$PREFIX.new" "$PREVIOUS"
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

    # Upgrade: remember whether the service ran and was enabled, so that an upgrade leaves
    # a service the administrator had stopped (or disabled) as it was.
    local upgrading=no was_active=no was_enabled=no
    if [[ -e $UNIT_FILE || -x $PREFIX/newswatch ]]; then upgrading=yes; fi
    if systemctl is-active --quiet "$SERVICE.service"; then was_active=yes; fi
    if systemctl is-enabled --quiet "$SERVICE.service" 2>/dev/null; then was_enabled=yes; fi
    if [[ $was_active == yes ]]; then
        info "Stopping $SERVICE (waits for an in-flight poll to finish)"
        systemctl stop "$SERVICE.service"
    fi

    # Back up the database before anything changes it; the new version makes the copy
    # (older versions have no `db backup`), without migrating it.
    if [[ -f $DB_FILE ]]; then
        info "Backing up $DB_FILE"
        local backup
        if ! backup=$(backup_database "$stage/newswatch"); then
            rm -rf "$stage"
            [[ $was_active == no ]] || systemctl start "$SERVICE.service" || true
            die "backing up $DB_FILE failed; nothing was changed (newswatch db check shows whether the file is damaged)"
        fi
        info "Database copy: $backup"
    fi

    # Keep the version being replaced for --rollback.
    if [[ -d $PREFIX ]]; then
        info "Keeping the previous version in $PREVIOUS"
        rm -rf "$PREVIOUS"
        mv "$PREFIX" "$PREVIOUS"
    fi
    info "Installing program files to $PREFIX"
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
    if ! as_service_user db migrate; then
        die "newswatch db migrate failed; the service was left stopped. To go back: $0 --rollback"
    fi

    if [[ $upgrading == no ]]; then
        info "Enabling and starting $SERVICE"
        systemctl enable --now "$SERVICE.service" || die "$SERVICE did not start; see: journalctl -u $SERVICE -n 50"
    elif [[ $was_active == yes ]]; then
        info "Starting $SERVICE again"
        systemctl start "$SERVICE.service" || die "$SERVICE did not start; see: journalctl -u $SERVICE -n 50; to go back: $0 --rollback"
    else
        info "$SERVICE was not running before the upgrade; left stopped (enabled: $was_enabled)"
    fi
    systemctl --no-pager --lines=5 status "$SERVICE.service" || true

    echo
    if [[ $upgrading == yes ]]; then echo "NewsWatch upgraded."; else echo "NewsWatch installed."; fi
    echo "  Configuration: $CONF_FILE (after editing: systemctl restart $SERVICE)"
    echo "  Database:      $DB_FILE"
    echo "  Logs:          journalctl -u $SERVICE -f"
    if [[ $upgrading == yes && -d $PREVIOUS ]]; then
        echo "  Rollback:      $0 --rollback (previous version in $PREVIOUS, database copies in $BACKUP_DIR)"
    fi
}

# Puts back the version before the last upgrade and the database copy made by that
# upgrade; the current database is kept beside it as newswatch.db.rolled-back-TIME.
do_rollback() {
    [[ -d $PREVIOUS && -x $PREVIOUS/newswatch ]] || die "no previous version in $PREVIOUS to roll back to"
    local backup
    backup=$(find "$BACKUP_DIR" -maxdepth 1 -name 'newswatch-*.db' 2>/dev/null | sort | tail -n 1)
    [[ -n $backup ]] || die "no database copy in $BACKUP_DIR to roll back to"

    local was_active=no
    if systemctl is-active --quiet "$SERVICE.service"; then
        was_active=yes
        info "Stopping $SERVICE"
        systemctl stop "$SERVICE.service"
    fi

    info "Restoring the program files from $PREVIOUS"
    rm -rf "$PREFIX.rolled-back"
    if [[ -d $PREFIX ]]; then mv "$PREFIX" "$PREFIX.rolled-back"; fi
    mv "$PREVIOUS" "$PREFIX"
    rm -rf "$PREFIX.rolled-back"

    local aside
    aside=$DB_FILE.rolled-back-$(date -u +%Y%m%dT%H%M%SZ)
    info "Restoring $DB_FILE from $backup (the current one is kept as $aside)"
    if [[ -f $DB_FILE ]]; then mv "$DB_FILE" "$aside"; fi
    for suffix in -wal -shm; do
        if [[ -f $DB_FILE$suffix ]]; then mv "$DB_FILE$suffix" "$aside$suffix"; fi
    done
    install -m 0640 -o "$SVC_USER" -g "$SVC_GROUP" "$backup" "$DB_FILE"

    if [[ $was_active == yes ]]; then
        info "Starting $SERVICE"
        systemctl start "$SERVICE.service" || die "$SERVICE did not start; see: journalctl -u $SERVICE -n 50"
    fi
    echo "NewsWatch rolled back to $("$PREFIX/newswatch" --version 2>/dev/null || echo 'the previous version')."
}

main() {
    local mode=install src=$PWD
    while (($#)); do
        case $1 in
            --uninstall) mode=uninstall ;;
            --rollback) mode=rollback ;;
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
    elif [[ $mode == rollback ]]; then
        do_rollback
    else
        src=$(cd "$src" && pwd) || die "no such directory: $src"
        do_install "$src"
    fi
}

main "$@"
