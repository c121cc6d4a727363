"""Facilities (设施设备): the equipment registry with its certificates, shift run logs (台班),
preventive maintenance plans and their tasks, and repair requests turned into work orders."""
