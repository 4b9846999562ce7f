"""MeshDesk: an offline evaluation workbook for choosing a service mesh platform."""

__version__ = "0.1.0"
APP_NAME = "MeshDesk"
APP_ID = "io.meshdesk.MeshDesk"
