//! Is the program safe to register? A browser starts whatever program the
//! manifest names, with the user's rights, whenever the extension asks. If
//! someone else can replace that program, they run code as the user. So
//! `install` refuses, and `doctor` reports, a program that:
//!
//! - is world-writable itself, or
//! - sits below a world-writable folder without the sticky bit (anyone can
//!   rename or replace entries there), or
//! - sits below a sticky world-writable folder (such as `/tmp`) through an
//!   entry that belongs to neither the program's owner nor root (its owner
//!   can replace it).
//!
//! Folders owned by other users but not writable by everyone are left alone:
//! whoever owns the program chose them. Windows keeps permissions in ACLs,
//! which this does not read; there the check passes and says nothing.

use std::path::Path;

/// `Ok` when nobody but the program's owner (or root) can replace it;
/// otherwise why not, in plain words, with what to do.
pub fn check(program: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        unix::check(program)
    }
    #[cfg(not(unix))]
    {
        let _ = program;
        Ok(())
    }
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    const OTHERS_WRITE: u32 = 0o002;
    const STICKY: u32 = 0o1000;
    const MOVE_IT: &str =
        "move it to a folder only you can change (such as ~/.local/bin or /usr/local/bin) and run install again";

    pub fn check(program: &Path) -> Result<(), String> {
        let cannot = |p: &Path, e: std::io::Error| format!("cannot inspect {}: {e}", p.display());
        // The real path: a symlink's folders are not what the browser runs.
        let path = program.canonicalize().map_err(|e| cannot(program, e))?;
        let meta = std::fs::metadata(&path).map_err(|e| cannot(&path, e))?;
        if meta.mode() & OTHERS_WRITE != 0 {
            return Err(format!(
                "{} is world-writable: anyone on this computer can change it; run chmod o-w on it, or {MOVE_IT}",
                path.display()
            ));
        }
        let owner = meta.uid();
        let mut child = path.as_path();
        while let Some(dir) = child.parent() {
            let m = std::fs::metadata(dir).map_err(|e| cannot(dir, e))?;
            if m.mode() & OTHERS_WRITE != 0 {
                if m.mode() & STICKY == 0 {
                    return Err(format!(
                        "{} is inside {}, a folder anyone on this computer can change (world-writable), so anyone could replace it; {MOVE_IT}",
                        path.display(),
                        dir.display()
                    ));
                }
                let entry = std::fs::symlink_metadata(child).map_err(|e| cannot(child, e))?;
                if entry.uid() != owner && entry.uid() != 0 {
                    return Err(format!(
                        "{} is inside {}, which belongs to another user (uid {}) in the shared folder {}, so they could replace it; {MOVE_IT}",
                        path.display(),
                        child.display(),
                        entry.uid(),
                        dir.display()
                    ));
                }
            }
            child = dir;
        }
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::check;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    fn chmod(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    fn program_in(dir: &Path) -> std::path::PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let p = dir.join("badgelens");
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        chmod(&p, 0o755);
        p
    }

    #[test]
    fn a_private_folder_is_fine() {
        let tmp = tempfile::tempdir().unwrap();
        let p = program_in(&tmp.path().join("bin"));
        assert_eq!(check(&p), Ok(()));
        // This very test binary lives in target/, which is no shared folder.
        assert_eq!(check(&std::env::current_exe().unwrap()), Ok(()));
    }

    #[test]
    fn a_world_writable_program_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let p = program_in(&tmp.path().join("bin"));
        chmod(&p, 0o757);
        let why = check(&p).unwrap_err();
        assert!(why.contains("world-writable"), "{why}");
        assert!(why.contains("chmod o-w"), "{why}");
    }

    #[test]
    fn a_world_writable_folder_without_sticky_bit_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let shared = tmp.path().join("shared");
        let p = program_in(&shared.join("deeper"));
        chmod(&shared, 0o777);
        let why = check(&p).unwrap_err();
        assert!(why.contains("anyone could replace it"), "{why}");
        assert!(why.contains(&*shared.to_string_lossy()), "{why}");
        // Through a symlink from a safe place: the real folder counts.
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert!(check(&link).is_err());
    }

    #[test]
    fn a_sticky_shared_folder_is_fine_for_the_owners_own_entry() {
        let tmp = tempfile::tempdir().unwrap();
        let sticky = tmp.path().join("sticky");
        let mine = sticky.join("mine");
        let p = program_in(&mine);
        chmod(&sticky, 0o1777);
        assert_eq!(check(&p), Ok(()));
        // Someone else's entry in the sticky folder: they could replace it.
        // (Only root can give a folder away; elsewhere this part is moot.)
        if std::os::unix::fs::chown(&mine, Some(54_321), None).is_ok() {
            let why = check(&p).unwrap_err();
            assert!(why.contains("uid 54321"), "{why}");
        }
    }

    #[test]
    fn a_missing_program_says_so() {
        let why = check(Path::new("/nonexistent/badgelens")).unwrap_err();
        assert!(why.contains("cannot inspect"), "{why}");
    }
}
