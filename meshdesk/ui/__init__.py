"""The Qt window: adapters over meshdesk.core objects. Only this package imports PySide6."""
