"""Notifications: in-site messages (站内消息) and e-mail through a configurable SMTP server."""
