//! A temporary file holding each report's check JSON object (one compact line per
//! report, written in completion order, read back by index), so `audit --format
//! jsonl` can add the audit fields, which are known only once every report is
//! checked, without keeping every object in memory.

use serde_json::Value;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

struct State {
    file: File,
    end: u64,
    index: HashMap<usize, (u64, usize)>,
    error: Option<String>,
}

/// The spill file (deleted when dropped).
pub struct Spill {
    state: Mutex<State>,
}

impl Spill {
    pub fn new() -> Result<Spill, String> {
        let file = tempfile::tempfile().map_err(|e| format!("无法创建临时文件：{e}"))?;
        Ok(Spill { state: Mutex::new(State { file, end: 0, index: HashMap::new(), error: None }) })
    }

    /// Store the object of report `index`. A write error is kept and reported by `get`.
    pub fn put(&self, index: usize, value: &Value) {
        let line = value.to_string();
        let Ok(mut st) = self.state.lock() else { return };
        let at = st.end;
        let r = st.file.seek(SeekFrom::Start(at)).and_then(|_| st.file.write_all(line.as_bytes()));
        match r {
            Ok(()) => {
                st.end += line.len() as u64;
                st.index.insert(index, (at, line.len()));
            }
            Err(e) => st.error = Some(format!("写入临时文件失败：{e}")),
        }
    }

    /// The object of report `index`.
    pub fn get(&self, index: usize) -> Result<Value, String> {
        let mut st = self.state.lock().map_err(|_| "临时文件不可用".to_string())?;
        let Some(&(at, len)) = st.index.get(&index) else {
            return Err(st.error.clone().unwrap_or_else(|| "临时文件中缺少此报告".into()));
        };
        let mut buf = vec![0u8; len];
        st.file
            .seek(SeekFrom::Start(at))
            .and_then(|_| st.file.read_exact(&mut buf))
            .map_err(|e| format!("读取临时文件失败：{e}"))?;
        serde_json::from_slice(&buf).map_err(|e| format!("临时文件内容有误：{e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_come_back_by_index_in_any_order() {
        let s = Spill::new().unwrap();
        s.put(2, &serde_json::json!({"path": "c", "title": "标题<script>"}));
        s.put(0, &serde_json::json!({"path": "a"}));
        assert_eq!(s.get(0).unwrap()["path"], "a");
        assert_eq!(s.get(2).unwrap()["title"], "标题<script>");
        assert!(s.get(1).is_err());
    }
}
