"""Service standards and evaluation (服务考评), and satisfaction (满意度) from every service."""
