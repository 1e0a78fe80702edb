"""The client registry (服务对象, §4.3 建档): clients and contacts, search, import and export."""
